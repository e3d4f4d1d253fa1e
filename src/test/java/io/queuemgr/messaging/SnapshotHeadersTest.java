package io.queuemgr.messaging;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

class SnapshotHeadersTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");

    @Test
    void aFinishedSnapshotCarriesWhenItStartedAndFinishedInMilliseconds() {
        Task done = aTask().pending().start("w", T0).succeed(null, T0.plusSeconds(2));

        SnapshotSeal seal = SnapshotSeal.read(SnapshotHeaders.of(done, "writer-1"));

        assertThat(seal.version()).isEqualTo(done.version());
        assertThat(seal.status()).isEqualTo(done.status());
        assertThat(seal.startedMs()).isEqualTo(T0.toEpochMilli());
        assertThat(seal.finishedMs()).isEqualTo(T0.plusSeconds(2).toEpochMilli());
    }

    @Test
    void aWaitingSnapshotSaysNothingOfTimesItDoesNotHave() {
        SnapshotSeal seal = SnapshotSeal.read(SnapshotHeaders.of(aTask().pending(), "writer-1"));

        assertThat(seal.startedMs()).isEqualTo(-1);
        assertThat(seal.finishedMs()).isEqualTo(-1);
        assertThat(seal.fingerprint()).isNull();
    }

    @Test
    void aStampTellsMissingOrUnreadableValuesAsNotSaid() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("qm-version", "12x".getBytes());
        headers.add("qm-status", "DONE-ISH".getBytes());
        headers.add("qm-started", "".getBytes());

        SnapshotSeal stamp = SnapshotSeal.read(headers);

        assertThat(stamp).isEqualTo(new SnapshotSeal(-1, null, -1, -1));
        assertThat(SnapshotSeal.read(new RecordHeaders())).isEqualTo(new SnapshotSeal(-1, null, -1, -1));
    }

    @Test
    void theSealComesLastAndAFingerprintJoinsIt() {
        Task done = aTask().pending().start("w", T0).succeed(null, T0.plusSeconds(2));
        Headers headers = SnapshotHeaders.of(done, "writer-1");
        SnapshotHeaders.addFingerprint(headers, "sha256:abc");

        Header[] all = headers.toArray();
        assertThat(all[all.length - 1].key()).isEqualTo("qm-stamp");
        assertThat(headers.headers("qm-stamp")).hasSize(1);
        assertThat(SnapshotSeal.read(headers)).isEqualTo(new SnapshotSeal(done.version(),
                done.status(), T0.toEpochMilli(), T0.plusSeconds(2).toEpochMilli(), "sha256:abc"));
        // Only the writer and the seal: every header costs every reader of the topic.
        assertThat(all).extracting(Header::key).containsExactly("qm-writer", "qm-stamp");
    }

    @Test
    void theFirstSnapshotAlsoSaysWhoSubmittedWhatForTheAuditTrail() {
        Task waiting = aTask().pending();
        Headers headers = SnapshotHeaders.of(waiting, "writer-1");

        assertThat(SnapshotSeal.read(headers)).isEqualTo(new SnapshotSeal(1, waiting.status(), -1, -1,
                null));
        assertThat(SnapshotHeaders.queue(headers)).isEqualTo(waiting.queue());
        assertThat(SnapshotHeaders.type(headers)).isEqualTo(waiting.type());

        Task done = waiting.start("w", T0).succeed(null, T0.plusSeconds(1));
        Headers noSource = SnapshotHeaders.of(done, "writer-1");
        SnapshotHeaders.addFingerprint(noSource, "");
        assertThat(SnapshotSeal.read(noSource).fingerprint()).isEmpty();
    }

    @Test
    void aRecordOfAnEarlierReleaseIsReadFromItsSingleHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("qm-writer", "old".getBytes());
        headers.add("qm-version", "3".getBytes());
        headers.add("qm-status", "COMPLETED".getBytes());
        headers.add("qm-started", "1000".getBytes());
        headers.add("qm-finished", "2000".getBytes());
        headers.add("qm-fingerprint", "".getBytes());

        assertThat(SnapshotSeal.read(headers)).isEqualTo(new SnapshotSeal(3, TaskStatus.COMPLETED,
                1000, 2000, ""));
    }

    @Test
    void aSealThatIsNotOneFallsBackToTheSingleHeaders() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("qm-version", "3".getBytes());
        headers.add("qm-stamp", "garbage".getBytes());

        assertThat(SnapshotSeal.read(headers).version()).isEqualTo(3);
    }
}
