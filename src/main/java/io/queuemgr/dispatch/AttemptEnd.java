package io.queuemgr.dispatch;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.TaskOutcome;

/** How one attempt of a task ended, as its runner saw it: on its own, at its timeout, or cancelled. */
sealed interface AttemptEnd {

    /** The executor ended by itself with this outcome. */
    record Ended(TaskOutcome outcome) implements AttemptEnd {
    }

    /** Stopped after {@code timeout}; {@code partialResult} is what the executor had when it stopped. */
    record TimedOut(Duration timeout, JsonNode partialResult) implements AttemptEnd {
    }

    /** Stopped because someone cancelled the task. */
    record Cancelled() implements AttemptEnd {
    }

    /** The end of a run stopped (or not) for the reason its last state says; the executor's outcome otherwise. */
    static AttemptEnd of(RunState stoppedIn, TaskOutcome outcome, Duration timeout) {
        return switch (stoppedIn) {
            case CANCELLING -> new Cancelled();
            case TIMING_OUT -> new TimedOut(timeout, partial(outcome));
            default -> new Ended(outcome);
        };
    }

    private static JsonNode partial(TaskOutcome outcome) {
        return switch (outcome) {
            case TaskOutcome.Succeeded s -> s.result();
            case TaskOutcome.Failed f -> f.partialResult();
            case TaskOutcome.Stopped s -> s.partialResult();
        };
    }
}
