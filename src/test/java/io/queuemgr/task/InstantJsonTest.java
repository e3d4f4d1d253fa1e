package io.queuemgr.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.json.InstantJson;

class InstantJsonTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());

    InstantJsonTest() {
        new InstantJson().customize(mapper);
    }

    private Instant read(String json) throws Exception {
        return mapper.readValue(json, Instant.class);
    }

    @Test
    void readsWhatTheServiceWritesAtEveryPrecision() throws Exception {
        for (String text : new String[]{"2026-11-23T05:56:57Z", "2026-11-23T05:56:57.1Z",
                "2026-11-23T05:56:57.123Z", "2026-11-23T05:56:57.123456Z", "2026-11-23T05:56:57.123456789Z",
                "2024-02-29T23:59:59.5Z", "1970-01-01T00:00:00Z"}) {
            assertThat(read("\"" + text + "\"")).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void otherShapesFallBackToTheGeneralParser() throws Exception {
        assertThat(read("\"+12026-01-01T00:00:00Z\"")).isEqualTo(Instant.parse("+12026-01-01T00:00:00Z"));
        assertThat(read("1700000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(read("1700000000.250000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 250_000_000));
    }

    @Test
    void impossibleDatesAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read("\"2026-02-30T00:00:00Z\""))
                .isInstanceOf(Exception.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read("\"2026-13-01T00:00:00Z\""))
                .isInstanceOf(Exception.class);
    }
}
