package io.queuemgr.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.process.ProcessErrors;
import io.queuemgr.queue.RetryPolicy;
import io.queuemgr.task.ErrorKind;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

class NextSnapshotTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    /** 2 s, 4 s, 8 s, … up to 10 s. */
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(10), 3);
    private static final JsonNode OUTPUT = JsonNodeFactory.instance.objectNode().put("stdout", "half done");

    /** A task with {@code maxRetries} in its {@code attempt}th attempt. */
    private static Task running(int maxRetries, int attempt) {
        Task task = Task.pending(UUID.randomUUID(), "q", "command", null, null, List.of(), 0, maxRetries, 30L, null,
                NOW.minusSeconds(60));
        for (int i = 1; i < attempt; i++) {
            task = task.start("w", NOW).retryLater(ProcessErrors.COMMAND_FAILED.toError("exit 1"), null, NOW, NOW);
        }
        return task.start("w", NOW);
    }

    private static Task failedWith(Task running, ErrorKind code) {
        return NextSnapshot.after(running, new AttemptEnd.Ended(new TaskOutcome.Failed(code.toError("it broke"),
                OUTPUT)), POLICY, NOW);
    }

    @Test
    void aSuccessCompletesWithItsResult() {
        Task done = NextSnapshot.after(running(3, 1), new AttemptEnd.Ended(new TaskOutcome.Succeeded(OUTPUT)),
                POLICY, NOW);
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.result()).isEqualTo(OUTPUT);
        assertThat(done.finishedAt()).isEqualTo(NOW);
    }

    @Test
    void aRetryableFailureWaitsTheBaseDelayAfterTheFirstAttempt() {
        Task next = failedWith(running(3, 1), ProcessErrors.COMMAND_FAILED);
        assertThat(next.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(next.nextRetryAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(next.error().code()).isEqualTo("COMMAND_FAILED");
        assertThat(next.result()).isEqualTo(OUTPUT);
    }

    @Test
    void eachRetryWaitsTwiceAsLongUpToTheQueuesCap() {
        assertThat(failedWith(running(5, 2), ProcessErrors.COMMAND_FAILED).nextRetryAt()).isEqualTo(NOW.plusSeconds(4));
        assertThat(failedWith(running(5, 3), ProcessErrors.COMMAND_FAILED).nextRetryAt()).isEqualTo(NOW.plusSeconds(8));
        assertThat(failedWith(running(5, 4), ProcessErrors.COMMAND_FAILED).nextRetryAt())
                .isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void aFailureNoRetryCanHelpFailsAtOnce() {
        Task done = failedWith(running(5, 1), ProcessErrors.COMMAND_NOT_FOUND);
        assertThat(done.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(done.nextRetryAt()).isNull();
        assertThat(done.error().code()).isEqualTo("COMMAND_NOT_FOUND");
        assertThat(done.result()).isEqualTo(OUTPUT);
    }

    @Test
    void theLastAttemptFailsForGood() {
        Task done = failedWith(running(2, 3), ProcessErrors.COMMAND_FAILED);
        assertThat(done.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(done.attempt()).isEqualTo(3);
        assertThat(done.nextRetryAt()).isNull();
    }

    @Test
    void aTimeoutWithRetriesLeftIsRetried() {
        Task next = NextSnapshot.after(running(1, 1), new AttemptEnd.TimedOut(Duration.ofSeconds(30), OUTPUT),
                POLICY, NOW);
        assertThat(next.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(next.nextRetryAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(next.error().code()).isEqualTo("TASK_TIMEOUT");
        assertThat(next.error().message()).isEqualTo("Stopped after the timeout of 30 s");
    }

    @Test
    void aTimeoutOnTheLastAttemptEndsTimeout() {
        Task done = NextSnapshot.after(running(1, 2), new AttemptEnd.TimedOut(Duration.ofSeconds(30), OUTPUT),
                POLICY, NOW);
        assertThat(done.status()).isEqualTo(TaskStatus.TIMEOUT);
        assertThat(done.error().code()).isEqualTo("TASK_TIMEOUT");
        assertThat(done.result()).isEqualTo(OUTPUT);
    }

    @Test
    void aCancelEndsCancelledWhateverTheExecutorReported() {
        Task done = NextSnapshot.after(running(3, 1), AttemptEnd.of(RunState.CANCELLING,
                new TaskOutcome.Failed(ProcessErrors.COMMAND_FAILED.toError("killed"), OUTPUT), Duration.ZERO), POLICY,
                NOW);
        assertThat(done.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(done.error()).isNull();
    }

    @Test
    void anExecutorThatStoppedWithoutBeingAskedEndsCancelled() {
        Task done = NextSnapshot.after(running(3, 1), new AttemptEnd.Ended(new TaskOutcome.Stopped(null)), POLICY,
                NOW);
        assertThat(done.status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void aRunStoppedAtItsTimeoutKeepsWhatTheExecutorHadAsAPartialResult() {
        AttemptEnd end = AttemptEnd.of(RunState.TIMING_OUT, new TaskOutcome.Stopped(OUTPUT), Duration.ofSeconds(7));
        assertThat(end).isEqualTo(new AttemptEnd.TimedOut(Duration.ofSeconds(7), OUTPUT));
        assertThat(AttemptEnd.of(RunState.PAUSED, new TaskOutcome.Succeeded(OUTPUT), Duration.ZERO))
                .isEqualTo(new AttemptEnd.Ended(new TaskOutcome.Succeeded(OUTPUT)));
    }
}
