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
    /** What a queue may be called: it is a path segment of the API and a label of metrics. */
    public static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    /** The definition a new queue gets when its creation names only what it must. */
    static QueueDefinition defaults(String name, Instant now) {
        return new QueueDefinition(name, null, 10, 1, 3, Duration.ofSeconds(1), Duration.ofHours(1), null, null,
                false, now, now);
    }
}
