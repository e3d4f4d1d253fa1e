package io.queuemgr.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PgArrayLiteralTest {

    @Test
    void noTagsIsTheEmptyArray() {
        assertThat(PgArrayLiteral.of(List.of())).isEqualTo("{}");
    }

    @Test
    void everyElementIsQuotedSoThatNullAndSeparatorsStayText() {
        assertThat(PgArrayLiteral.of(List.of("a b", "NULL", "x,y", "{z}", ""))).isEqualTo(
                "{\"a b\",\"NULL\",\"x,y\",\"{z}\",\"\"}");
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(PgArrayLiteral.of(List.of("say \"hi\"", "c:\\dir"))).isEqualTo(
                "{\"say \\\"hi\\\"\",\"c:\\\\dir\"}");
    }
}
