package io.queuemgr.submission;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated request to run a task, from REST or Kafka; {@code id} is set when the submitter chose it;
 * {@code maxRetries} and {@code timeoutSeconds} are null when the queue's policy is to decide.
 */
public record Submission(UUID id, String type, String queue, JsonNode params, int priority, String category,
        List<String> tags, Integer maxRetries, Long timeoutSeconds) {
}
