package io.queuemgr.messaging;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.apache.kafka.common.header.Headers;
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
}
