package io.queuemgr.queue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A named queue and its policies, as PostgreSQL keeps it. */
@Entity
@Table(name = "queue_definition")
public class QueueDefinitionEntity extends PanacheEntityBase {

    @Id
    public String name;
    public String description;
    @Column(name = "max_concurrent")
    public int maxConcurrent;
    @Column(name = "priority_weight")
    public int priorityWeight;
    @Column(name = "max_retries")
    public int maxRetries;
    @Column(name = "retry_base_delay_ms")
    public long retryBaseDelayMs;
    @Column(name = "retry_max_delay_ms")
    public long retryMaxDelayMs;
    @Column(name = "default_timeout_s")
    public Long defaultTimeoutSeconds;
    @Column(name = "rate_limit")
    public String rateLimit;
    public boolean paused;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** Copies a definition in; a default timeout is kept in whole seconds, rounded up. */
    QueueDefinitionEntity set(QueueDefinition q) {
        name = q.name();
        description = q.description();
        maxConcurrent = q.maxConcurrent();
        priorityWeight = q.priority();
        maxRetries = q.maxRetries();
        retryBaseDelayMs = q.retryBaseDelay().toMillis();
        retryMaxDelayMs = q.retryMaxDelay().toMillis();
        defaultTimeoutSeconds = q.defaultTimeout() == null
                ? null
                : Math.max(1, (q.defaultTimeout().toMillis() + 999) / 1000);
        rateLimit = q.rateLimit() == null ? null : q.rateLimit().toString();
        paused = q.paused();
        createdAt = q.createdAt().atOffset(ZoneOffset.UTC);
        updatedAt = q.updatedAt().atOffset(ZoneOffset.UTC);
        return this;
    }
}
