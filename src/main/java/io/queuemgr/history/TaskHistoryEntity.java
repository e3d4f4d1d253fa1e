package io.queuemgr.history;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A finished task as PostgreSQL keeps it, for searches the in-memory registry does not serve. */
@Entity
@Table(name = "task_history")
public class TaskHistoryEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public long version;
    public String queue;
    public String type;
    public String status;
    public String category;
    public short priority;
    public int attempt;
    @Column(name = "error_code")
    public String errorCode;
    @Column(name = "worker_id")
    public String workerId;
    @Column(name = "submitted_by")
    public String submittedBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    @JdbcTypeCode(SqlTypes.JSON)
    public String snapshot;
}
