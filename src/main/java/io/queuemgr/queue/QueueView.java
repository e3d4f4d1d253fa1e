package io.queuemgr.queue;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A queue definition as the API shows it: durations in ISO-8601 ({@code PT1H}), the rate limit as {@code N/unit}. */
@RegisterForReflection
public record QueueView(String name, String description, int maxConcurrent, int priority, int maxRetries,
        String retryBaseDelay, String retryMaxDelay, String defaultTimeout, String rateLimit, boolean paused,
        Instant createdAt, Instant updatedAt) {

    public static QueueView of(QueueDefinition q) {
        return new QueueView(q.name(), q.description(), q.maxConcurrent(), q.priority(), q.maxRetries(),
                q.retryBaseDelay().toString(), q.retryMaxDelay().toString(),
                q.defaultTimeout() == null ? null : q.defaultTimeout().toString(),
                q.rateLimit() == null ? null : q.rateLimit().toString(), q.paused(), q.createdAt(), q.updatedAt());
    }
}
