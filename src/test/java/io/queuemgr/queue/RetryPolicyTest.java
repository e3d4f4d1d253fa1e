package io.queuemgr.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.queuemgr.executor.http.HttpErrors;
import io.queuemgr.executor.network.NetworkErrors;
import io.queuemgr.executor.process.ProcessErrors;
import io.queuemgr.task.Task;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static Task inAttempt(int attempt, int maxRetries) {
        Task task = Task.pending(UUID.randomUUID(), "q", "command", null, null, List.of(), 0, maxRetries, null, null,
                NOW);
        for (int i = 1; i < attempt; i++) {
            task = task.start("w", NOW).retryLater(ProcessErrors.COMMAND_FAILED.toError(null), null, NOW, NOW);
        }
        return task.start("w", NOW);
    }

    @Test
    void retryWaitsTwiceAsLongEachAttempt() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(500), Duration.ofHours(1), 3);
        assertThat(List.of(1, 2, 3, 4).stream().map(policy::delayAfter)).containsExactly(Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void theDelayNeverPassesTheCap() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 3);
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.delayAfter(1_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aQueuesPolicyIsItsRetrySettings() {
        QueueDefinition queue = new QueueDefinition("q", null, 10, 1, 7, Duration.ofSeconds(3),
                Duration.ofMinutes(2), null, null, false, NOW, NOW);
        assertThat(RetryPolicy.of(queue)).isEqualTo(new RetryPolicy(Duration.ofSeconds(3), Duration.ofMinutes(2), 7));
    }

    @Test
    void theDefaultIsWhatANewQueueGets() {
        assertThat(RetryPolicy.of(QueueDefinition.defaults("q", NOW))).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void onlyAnErrorARetryCanHelpIsRetriedAndOnlyWhileRetriesAreLeft() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertThat(policy.retries(NetworkErrors.NETWORK_TIMEOUT.toError(null), inAttempt(1, 2))).isTrue();
        assertThat(policy.retries(NetworkErrors.NETWORK_TIMEOUT.toError(null), inAttempt(2, 2))).isTrue();
        assertThat(policy.retries(NetworkErrors.NETWORK_TIMEOUT.toError(null), inAttempt(3, 2))).isFalse();
        assertThat(policy.retries(HttpErrors.HTTP_CLIENT_ERROR.toError(null), inAttempt(1, 2))).isFalse();
    }
}
