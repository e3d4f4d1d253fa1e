package io.queuemgr.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SendReadinessTest {

    private static final long BUFFER = 32L * 1024 * 1024;

    private long now;
    private double free;
    private SendReadiness readiness;

    @BeforeEach
    void setUp() {
        readiness = new SendReadiness(() -> now, BUFFER);
        free = BUFFER;
        readiness.watchBuffer(() -> free);
    }

    @Test
    void aTopicNoRecordWasAckedOnIsNotReady() {
        readiness.acked("status");
        assertThat(readiness.ready(List.of("status", "work"))).isFalse();
    }

    @Test
    void topicsAckedAMomentAgoAreReadyWhileHalfTheBufferIsFree() {
        readiness.acked("status");
        readiness.acked("work");
        assertThat(readiness.ready(List.of("status", "work"))).isTrue();
        free = BUFFER / 2.0 - 1;
        assertThat(readiness.ready(List.of("status", "work"))).isFalse();
    }

    @Test
    void aTopicLastAckedMoreThanThreeSecondsAgoIsNotReady() {
        // A broker that went away sends no acks: after a few seconds, sends on its topics leave the event loop.
        readiness.acked("status");
        now += TimeUnit.SECONDS.toNanos(2);
        assertThat(readiness.ready(List.of("status"))).isTrue();
        now += TimeUnit.SECONDS.toNanos(2);
        assertThat(readiness.ready(List.of("status"))).isFalse();
        readiness.acked("status");
        assertThat(readiness.ready(List.of("status"))).isTrue();
    }

    @Test
    void aTopicWhoseSendFailedIsNotReadyUntilItsNextAck() {
        readiness.acked("status");
        readiness.failed("status");
        assertThat(readiness.ready(List.of("status"))).isFalse();
        now += TimeUnit.SECONDS.toNanos(2);
        readiness.acked("status");
        assertThat(readiness.ready(List.of("status"))).isTrue();
    }

    @Test
    void nothingIsReadyBeforeTheProducerExists() {
        SendReadiness unwatched = new SendReadiness(() -> now, BUFFER);
        unwatched.acked("status");
        assertThat(unwatched.ready(List.of("status"))).isFalse();
    }
}
