package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.PlainRecords;

/** A finished snapshot without its id and clock times, and back: the same bytes whatever the times look like. */
class SnapshotCutsTest {

    /** Times as ISO-8601 text, as the service writes them, and fields in the record's order. */
    private final TaskCodec codec = new TaskCodec(PlainRecords.MAPPER.copy()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));
    /** The same with the fields sorted by name, as the service's mapper writes snapshots. */
    private final TaskCodec sorted = new TaskCodec(PlainRecords.MAPPER.copy()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true));

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] restored(byte[] json, UUID id) {
        SnapshotCuts.Cut cut = SnapshotCuts.cut(json, id);
        assertThat(SnapshotCuts.skip(cut.cuts(), 0)).isEqualTo(cut.cuts().length);
        return SnapshotCuts.restore(cut.rest(), cut.cuts(), 0, id);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theCodecsFinishedSnapshotLosesItsIdAndItsFourTimesAndComesBackByteForByte(boolean sortedFields) {
        Instant created = Instant.parse("2026-11-30T22:44:27.144553512Z");
        Task done = aTask().in(TaskStatus.PENDING).start("instance-1", created.plusNanos(1_641_847))
                .succeed(null, created.plusMillis(5));
        byte[] json = (sortedFields ? sorted : codec).encode(done);
        assertThat(text(json).startsWith("{\"id\"")).isNotEqualTo(sortedFields);

        SnapshotCuts.Cut cut = SnapshotCuts.cut(json, done.id());

        assertThat(text(cut.rest())).doesNotContain(done.id().toString()).doesNotContain("2026-")
                .doesNotContain("createdAt").doesNotContain("startedAt").doesNotContain("finishedAt")
                .doesNotContain("updatedAt").contains("\"status\":\"COMPLETED\"");
        assertThat(SnapshotCuts.restore(cut.rest(), cut.cuts(), 0, done.id())).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1_000, 1_000_000, 1_000_000_000})
    void timesOfEveryPrecisionTheCodecWritesComeBackExactly(int unitNanos) {
        SplittableRandom random = new SplittableRandom(unitNanos);
        for (int i = 0; i < 2_000; i++) {
            long nanos = random.nextLong(-5_000_000_000_000_000_000L / 2, 7_000_000_000_000_000_000L);
            nanos -= Math.floorMod(nanos, (long) unitNanos);
            Instant created = Instant.ofEpochSecond(0, nanos);
            Task done = aTask().in(TaskStatus.PENDING).start("w", created.plusNanos(random.nextLong(10_000_000_000L)))
                    .succeed(null, created.plusSeconds(random.nextInt(86_400 * 400)));
            byte[] json = (i % 2 == 0 ? codec : sorted).encode(done);

            assertThat(restored(json, done.id())).as("%s", text(json)).isEqualTo(json);
            assertThat(text(SnapshotCuts.cut(json, done.id()).rest())).doesNotContain(done.id().toString())
                    .doesNotContain("At\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-01T00:00:00.1Z", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.120000Z",
            "2026-01-01T00:00:00+01:00", "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "+12026-01-01T00:00:00Z",
            "2026-01-01T00:00:60Z", "2026-01-01 00:00:00Z", "1500-01-01T00:00:00Z", "2026-01-01T00:00:00.1234567890Z",
            "not a time", ""})
    void aTimeWrittenOtherwiseThanTheCodecDoesStaysText(String time) {
        UUID id = UUID.randomUUID();
        byte[] json = ("{\"id\":\"" + id + "\",\"status\":\"COMPLETED\",\"createdAt\":\"" + time + "\",\"startedAt\":"
                + "\"2026-01-01T00:00:00.5Z\",\"finishedAt\":\"2026-01-01T00:00:01Z\",\"version\":3}")
                .getBytes(StandardCharsets.UTF_8);

        SnapshotCuts.Cut cut = SnapshotCuts.cut(json, id);

        assertThat(text(cut.rest())).contains("\"createdAt\":\"" + time + "\"").contains("\"startedAt\"")
                .doesNotContain("finishedAt").doesNotContain(id.toString());
        assertThat(SnapshotCuts.restore(cut.rest(), cut.cuts(), 0, id)).isEqualTo(json);
    }

    @Test
    void aTimeFieldInsideTheParamsAndAnIdOfAnotherTaskComeBackInTheirPlaces() {
        UUID id = UUID.randomUUID();
        String other = UUID.randomUUID().toString();
        byte[] json = ("{\"id\":\"" + other + "\",\"params\":{\"a\":1,\"createdAt\":\"2026-01-01T00:00:00Z\"},"
                + "\"createdAt\":\"2026-01-01T00:00:00.123Z\",\"version\":2}").getBytes(StandardCharsets.UTF_8);

        SnapshotCuts.Cut cut = SnapshotCuts.cut(json, id);

        assertThat(text(cut.rest())).startsWith("{\"id\":\"" + other + "\"");
        assertThat(SnapshotCuts.restore(cut.rest(), cut.cuts(), 0, id)).isEqualTo(json);
        assertThat(restored("{}".getBytes(StandardCharsets.UTF_8), id))
                .isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }
}
