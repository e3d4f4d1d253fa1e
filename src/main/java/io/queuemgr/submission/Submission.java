package io.queuemgr.submission;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated request to run a task, from REST or Kafka; {@code id} is set when the submitter chose it;
 * {@code maxRetries} and {@code timeoutSeconds} are null when the queue's policy is to decide. {@code delaySeconds}
 * or {@code runAt} (at most one) put off the first attempt, as given, so that a repeat under the same idempotency
 * key is the same submission; {@code hold} keeps the task PAUSED until an operator starts it; {@code cacheFor} lets
 * it take the result of an identical task completed that recently instead of running.
 */
public record Submission(UUID id, String type, String queue, JsonNode params, int priority, String category,
        List<String> tags, Integer maxRetries, Long timeoutSeconds, Long delaySeconds, Instant runAt, boolean hold,
        Duration cacheFor) {

    /** A submission to run as soon as it can. */
    public Submission(UUID id, String type, String queue, JsonNode params, int priority, String category,
            List<String> tags, Integer maxRetries, Long timeoutSeconds) {
        this(id, type, queue, params, priority, category, tags, maxRetries, timeoutSeconds, null, null, false, null);
    }

    /**
     * When the first attempt is due, or null for at once: {@code runAt}, else {@code delaySeconds} after {@code now};
     * a time that has come already is at once.
     */
    public Instant dueAt(Instant now) {
        Instant due = runAt != null
                ? runAt
                : delaySeconds != null ? now.plusSeconds(delaySeconds) : null;
        return due != null && due.isAfter(now) ? due : null;
    }
}
