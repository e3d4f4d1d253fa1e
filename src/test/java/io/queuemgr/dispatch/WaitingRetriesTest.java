package io.queuemgr.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.queuemgr.testing.MovableClock;

/** When a waiting retry goes back to work, read against a clock the test moves. */
class WaitingRetriesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("tasks.retry", 0);
    private static final TopicPartition P1 = new TopicPartition("tasks.retry", 1);

    private final MovableClock clock = new MovableClock(T0);
    private final WaitingRetries retries = new WaitingRetries(clock, Duration.ofMillis(200), Duration.ofSeconds(1));
    private long offset;

    private UUID waitingFor(Duration delay, TopicPartition partition) {
        UUID id = UUID.randomUUID();
        retries.add(clock.millis() + delay.toMillis(), partition, offset++, id, 1, "default", new byte[0]);
        return id;
    }

    private List<UUID> due() {
        return retries.due().stream().map(WaitingRetries.Waiting::taskId).toList();
    }

    @Test
    void aRetryGoesBackToWorkOnlyOnceItsTimeHasComeSoonestFirst() {
        UUID later = waitingFor(Duration.ofSeconds(30), P0);
        UUID sooner = waitingFor(Duration.ofSeconds(10), P0);

        assertThat(due()).isEmpty();
        clock.advance(Duration.ofSeconds(10).minusMillis(1));
        assertThat(due()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(due()).containsExactly(sooner);
        clock.advance(Duration.ofMinutes(1));
        assertThat(due()).containsExactly(later);
        assertThat(retries.size()).isZero();
    }

    @Test
    void thePollWaitsNoLongerThanUntilTheNextRetryIsDue() {
        assertThat(retries.untilNextDue()).isEqualTo(Duration.ofMillis(200));
        waitingFor(Duration.ofSeconds(5), P0);
        assertThat(retries.untilNextDue()).isEqualTo(Duration.ofMillis(200));
        clock.advance(Duration.ofMillis(4950));
        assertThat(retries.untilNextDue()).isEqualTo(Duration.ofMillis(50));
        clock.advance(Duration.ofSeconds(1));
        assertThat(retries.untilNextDue()).isZero();
    }

    @Test
    void aRetryWhoseHandOverFailedWaitsTheBackoffAgain() {
        UUID id = waitingFor(Duration.ZERO, P0);
        WaitingRetries.Waiting taken = retries.due().getFirst();

        retries.handOverFailed(taken);

        assertThat(due()).isEmpty();
        clock.advance(Duration.ofMillis(999));
        assertThat(due()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(retries.due()).singleElement().satisfies(w -> {
            assertThat(w.taskId()).isEqualTo(id);
            assertThat(w.offset()).isEqualTo(taken.offset());
        });
    }

    @Test
    void theRetriesOfPartitionsThatLeaveGoWithThem() {
        waitingFor(Duration.ofSeconds(1), P0);
        UUID stays = waitingFor(Duration.ofSeconds(1), P1);

        retries.removePartitions(List.of(P0));
        clock.advance(Duration.ofSeconds(1));

        assertThat(due()).containsExactly(stays);
    }
}
