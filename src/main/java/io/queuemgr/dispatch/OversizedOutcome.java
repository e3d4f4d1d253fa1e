package io.queuemgr.dispatch;

import java.time.Instant;
import java.util.Map;

import org.apache.kafka.common.errors.RecordTooLargeException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.messaging.SnapshotTooLargeException;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;

/**
 * The final snapshot of a task whose outcome is too large for the status topic: FAILED with RESULT_TOO_LARGE and a
 * preview of the result, so that the task ends rather than waiting for a publish that can never succeed.
 */
final class OversizedOutcome {

    /** Characters of the result kept as a preview. */
    static final int PREVIEW_CHARS = 4096;

    private OversizedOutcome() {
    }

    /** Whether a publish failed because the snapshot is larger than Kafka or the service takes. */
    static boolean isTooLarge(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof SnapshotTooLargeException || e instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The final snapshot cut to size. {@code running} is the snapshot before the outcome (so that FAILED is a legal
     * next state); {@code outcome} is the one that could not be published.
     */
    static Task of(Task running, Task outcome, Throwable error, Instant now) {
        String size = error instanceof SnapshotTooLargeException s ? s.size() + " bytes" : "too large";
        var cause = ErrorCode.RESULT_TOO_LARGE.toError("The task ended " + outcome.status()
                + ", but its snapshot (" + size + ") is larger than the status topic takes; the result is cut to a "
                + "preview", Map.of("endedAs", outcome.status().name()));
        // The parameters stay whole (they are bounded at submission): a requeue of the dead letter needs them.
        return running.fail(cause, preview(outcome.result()), now);
    }

    private static JsonNode preview(JsonNode value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        if (text.length() <= PREVIEW_CHARS) {
            return value;
        }
        ObjectNode cut = JsonNodeFactory.instance.objectNode();
        cut.put("truncated", true);
        cut.put("originalChars", text.length());
        cut.put("preview", text.substring(0, PREVIEW_CHARS));
        return cut;
    }
}
