package io.queuemgr.executor;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.secret.Redactor;
import io.queuemgr.task.TaskError;

/** How an attempt ended, as its executor saw it. */
public sealed interface TaskOutcome {

    /** The same outcome with every secret value the run resolved hidden from its result and error. */
    default TaskOutcome redactedBy(Redactor redactor) {
        if (redactor.isEmpty()) {
            return this;
        }
        return switch (this) {
            case Succeeded s -> new Succeeded(redactor.redact(s.result()));
            case Failed f -> new Failed(redactor.redact(f.error()), redactor.redact(f.partialResult()));
            case Stopped s -> new Stopped(redactor.redact(s.partialResult()));
        };
    }

    /** The work is done; {@code result} is what the task reports. */
    record Succeeded(JsonNode result) implements TaskOutcome {
    }

    /** The work failed; {@code partialResult} keeps what is worth showing, such as a command's output. */
    record Failed(TaskError error, JsonNode partialResult) implements TaskOutcome {
    }

    /** The executor stopped because it was asked to. */
    record Stopped(JsonNode partialResult) implements TaskOutcome {
    }
}
