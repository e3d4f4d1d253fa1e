package io.queuemgr.executor;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.task.TaskError;

/** How an attempt ended, as its executor saw it. */
public sealed interface TaskOutcome {

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
