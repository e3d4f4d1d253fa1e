package io.queuemgr.queue;

import java.time.Duration;
import java.time.Instant;

/**
 * A named queue and its policies, as every instance holds it. Retries of a failed attempt wait
 * {@code min(retryBaseDelay × 2^(attempt−1), retryMaxDelay)}.
 */
public record QueueDefinition(String name, String description, int maxConcurrent, int priority, int maxRetries,
        Duration retryBaseDelay, Duration retryMaxDelay, Duration defaultTimeout, RateLimit rateLimit,
        boolean paused, Instant createdAt, Instant updatedAt) {

    public static final String DEFAULT = "default";
}
