package io.queuemgr.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
    void writesEveryInstantAsTheTimeModuleDoes() throws Exception {
        ObjectMapper iso = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper fast = iso.copy();
        new InstantJson().customize(fast);
        java.util.Random random = new java.util.Random(7);
        java.util.List<Instant> instants = new java.util.ArrayList<>(java.util.List.of(Instant.EPOCH,
                Instant.parse("2024-02-29T23:59:59.999999999Z"), Instant.parse("2026-12-31T23:59:59Z"),
                Instant.parse("2026-01-01T00:00:00.001Z"), Instant.parse("2026-01-01T00:00:00.000001Z"),
                Instant.parse("2026-01-01T00:00:00.100000001Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("+12026-01-01T00:00:00Z"), Instant.MAX, Instant.MIN));
        for (int i = 0; i < 10_000; i++) {
            long seconds = random.nextLong(0, 9_000_000_000L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nano));
        }
        for (Instant instant : instants) {
            String written = fast.writeValueAsString(instant);
            assertThat(written).isEqualTo(iso.writeValueAsString(instant)).isEqualTo("\"" + instant + "\"");
            assertThat(fast.readValue(written, Instant.class)).isEqualTo(instant);
        }
    }

    @Test
    void aMapperToldToWriteNumbersStillDoes() throws Exception {
        ObjectMapper numbers = new ObjectMapper().registerModule(new JavaTimeModule())
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        new InstantJson().customize(numbers);
        assertThat(numbers.writeValueAsString(Instant.ofEpochSecond(1_700_000_000L, 250_000_000)))
                .isEqualTo("1700000000.250000000");
    }

    @Test
    void impossibleDatesAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read("\"2026-02-30T00:00:00Z\""))
                .isInstanceOf(Exception.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read("\"2026-13-01T00:00:00Z\""))
                .isInstanceOf(Exception.class);
    }
}
