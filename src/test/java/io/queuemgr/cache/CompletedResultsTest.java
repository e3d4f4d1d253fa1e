package io.queuemgr.cache;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.SnapshotSeal;
import io.queuemgr.registry.StatusChange;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.testing.PlainRecords;

class CompletedResultsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");
    private static final byte[] UNPARSABLE = "not json".getBytes(StandardCharsets.UTF_8);

    private final TaskCodec codec = new TaskCodec(PlainRecords.MAPPER);
    private final CompletedResults results = new CompletedResults(codec,
            new ResultFingerprint(PlainRecords.MAPPER, t -> t));

    private static Task done(String echo) {
        return aTask().withParam("echo", echo).pending().cachedFor(Duration.ofHours(1)).start("w", T0)
                .succeed(TextNode.valueOf("ok"), T0);
    }

    /** Headers as the writer of the snapshot stamps them. */
    private Headers stamped(Task snapshot) {
        Headers headers = SnapshotHeaders.of(snapshot, "writer-1");
        results.stamp(snapshot, headers);
        return headers;
    }

    @Test
    void aStampedCompletedSnapshotIsIndexedFromItsHeadersWithoutParsingIt() {
        Task done = done("a");

        results.read(0, 0, SnapshotSeal.read(stamped(done)), () -> StatusChange.of(0, 0, done, UNPARSABLE));

        assertThat(results.newestFor(results.fingerprintOf(done))).hasValueSatisfying(source -> {
            assertThat(source.id()).isEqualTo(done.id());
            assertThat(source.completedAt()).isEqualTo(T0.truncatedTo(ChronoUnit.MILLIS));
        });
    }

    @Test
    void aCompletedSnapshotThatTookACopyIsStampedAsNoSource() {
        Task source = done("a");
        Task copy = aTask().withParam("echo", "a").pending().reuse(source, T0.plusSeconds(1));
        Headers headers = stamped(copy);

        results.read(0, 0, SnapshotSeal.read(headers), () -> StatusChange.of(0, 0, copy, UNPARSABLE));

        assertThat(SnapshotSeal.read(headers).fingerprint()).isEmpty();
        assertThat(results.size()).isZero();
    }

    @Test
    void aCompletedSnapshotWrittenBeforeStampsIsParsedForItsWork() {
        Task done = done("a");
        byte[] json = codec.encode(done);

        results.read(0, 0, SnapshotSeal.read(new RecordHeaders()), () -> StatusChange.of(0, 0, done, json));

        assertThat(results.newestFor(results.fingerprintOf(done))).hasValueSatisfying(
                source -> assertThat(source.completedAt()).isEqualTo(T0));
    }

    @Test
    void aTaskThatDidNotAskForCachingIsNoSource() {
        Task plain = aTask().withParam("echo", "a").pending().start("w", T0).succeed(TextNode.valueOf("ok"), T0);
        Headers headers = stamped(plain);

        results.read(0, 0, SnapshotSeal.read(headers), () -> StatusChange.of(0, 0, plain, UNPARSABLE));
        results.read(0, 1, SnapshotSeal.read(new RecordHeaders()),
                () -> StatusChange.of(0, 1, plain, codec.encode(plain)));

        assertThat(SnapshotSeal.read(headers).fingerprint()).isEmpty();
        assertThat(results.size()).isZero();
    }

    @Test
    void aSnapshotThatIsNotCompletedIsPassedOverWithoutBuildingItsChange() {
        Task running = aTask().pending().start("w", T0);

        results.read(0, 0, SnapshotSeal.read(stamped(running)), () -> {
            throw new AssertionError("the change was built");
        });

        assertThat(results.size()).isZero();
    }
}
