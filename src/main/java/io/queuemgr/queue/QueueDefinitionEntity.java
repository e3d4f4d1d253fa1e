package io.queuemgr.queue;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A named queue and its policies. */
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
}
