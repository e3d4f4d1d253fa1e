package io.queuemgr.messaging;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.queuemgr.task.Task;

class SnapshotHeadersTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");

    @Test
    void aFinishedSnapshotCarriesWhenItStartedAndFinishedInMilliseconds() {
        Task done = aTask().pending().start("w", T0).succeed(null, T0.plusSeconds(2));

        Headers headers = SnapshotHeaders.of(done, "writer-1");

        assertThat(SnapshotHeaders.startedMs(headers)).isEqualTo(T0.toEpochMilli());
        assertThat(SnapshotHeaders.finishedMs(headers)).isEqualTo(T0.plusSeconds(2).toEpochMilli());
    }

    @Test
    void aWaitingSnapshotSaysNothingOfTimesItDoesNotHave() {
        Headers headers = SnapshotHeaders.of(aTask().pending(), "writer-1");

        assertThat(SnapshotHeaders.startedMs(headers)).isEqualTo(-1);
        assertThat(SnapshotHeaders.finishedMs(headers)).isEqualTo(-1);
        assertThat(SnapshotHeaders.fingerprint(headers)).isNull();
    }

    @Test
    void aStampReadsInOnePassWhatTheSingleReadersRead() {
        Task done = aTask().pending().start("w", T0).succeed(null, T0.plusSeconds(2));
        Headers headers = SnapshotHeaders.of(done, "writer-1");

        SnapshotHeaders.Stamp stamp = SnapshotHeaders.stamp(headers);

        assertThat(stamp.version()).isEqualTo(SnapshotHeaders.version(headers)).isEqualTo(done.version());
        assertThat(stamp.status()).isEqualTo(SnapshotHeaders.status(headers)).isEqualTo(done.status());
        assertThat(stamp.startedMs()).isEqualTo(SnapshotHeaders.startedMs(headers));
        assertThat(stamp.finishedMs()).isEqualTo(SnapshotHeaders.finishedMs(headers));
    }

    @Test
    void aStampTellsMissingOrUnreadableValuesAsNotSaid() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("qm-version", "12x".getBytes());
        headers.add("qm-status", "DONE-ISH".getBytes());
        headers.add("qm-started", "".getBytes());

        SnapshotHeaders.Stamp stamp = SnapshotHeaders.stamp(headers);

        assertThat(stamp).isEqualTo(new SnapshotHeaders.Stamp(-1, null, -1, -1));
        assertThat(SnapshotHeaders.stamp(new RecordHeaders())).isEqualTo(new SnapshotHeaders.Stamp(-1, null, -1, -1));
    }
}
