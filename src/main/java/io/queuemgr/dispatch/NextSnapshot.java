package io.queuemgr.dispatch;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.queue.RetryPolicy;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskError;

/**
 * The snapshot that follows an attempt: COMPLETED, CANCELLED, PENDING with {@code nextRetryAt} when the queue's
 * retry policy gives it another attempt, or else FAILED or TIMEOUT (which the runner also sends to the dead-letter
 * topic). A pure function: no clock, no Kafka.
 */
final class NextSnapshot {

    private NextSnapshot() {
    }

    /** {@code running} is the task as the attempt left it (RUNNING, an intermediate status, or PAUSED). */
    static Task after(Task running, AttemptEnd end, RetryPolicy retries, Instant now) {
        return switch (end) {
            case AttemptEnd.Cancelled c -> running.cancel(now);
            case AttemptEnd.TimedOut t -> failed(running, ErrorCode.TASK_TIMEOUT.toError(
                    "Stopped after the timeout of " + t.timeout().toSeconds() + " s"), t.partialResult(), true,
                    retries, now);
            case AttemptEnd.Ended e -> switch (e.outcome()) {
                case TaskOutcome.Succeeded s -> running.succeed(s.result(), now);
                // An executor that stopped without this run asking it to (interrupted) ends the task as a cancel.
                case TaskOutcome.Stopped s -> running.cancel(now);
                case TaskOutcome.Failed f -> failed(running, f.error(), f.partialResult(), false, retries, now);
            };
        };
    }

    private static Task failed(Task running, TaskError error, JsonNode partialResult, boolean timedOut,
            RetryPolicy retries, Instant now) {
        if (retries.retries(error, running)) {
            Instant due = now.plus(retries.delayAfter(running.attempt()));
            return running.retryLater(error, partialResult, due, now);
        }
        return timedOut ? running.timeOut(error, partialResult, now) : running.fail(error, partialResult, now);
    }
}
