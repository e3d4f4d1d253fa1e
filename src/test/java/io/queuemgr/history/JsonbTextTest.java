package io.queuemgr.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonbTextTest {

    @Test
    void textWithoutNulOrSurrogateEscapesIsLeftAsItIs() {
        String json = "{\"a\":\"tab\\tquote\\\" \\u00e9 \\\\u0000 literal\"}";
        assertThat(JsonbText.of(json)).isEqualTo(json);
    }

    @Test
    void aNulEscapeBecomesTheReplacementCharacter() {
        assertThat(JsonbText.of("{\"out\":\"a\\u0000b\"}")).isEqualTo("{\"out\":\"a\\ufffdb\"}");
    }

    @Test
    void anEscapedBackslashBeforeU0000IsNotAnEscape() {
        assertThat(JsonbText.of("{\"a\":\"\\\\u0000\",\"b\":\"\\u0000\"}"))
                .isEqualTo("{\"a\":\"\\\\u0000\",\"b\":\"\\ufffd\"}");
    }

    @Test
    void surrogatePairsStayAndLoneSurrogatesAreReplaced() {
        assertThat(JsonbText.of("[\"\\ud83d\\ude00\",\"\\ud83d x\",\"\\ude00\"]"))
                .isEqualTo("[\"\\ud83d\\ude00\",\"\\ufffd x\",\"\\ufffd\"]");
    }
}
