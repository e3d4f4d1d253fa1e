package io.queuemgr.task;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** The next snapshot of a task: a copy with some fields changed. Only the verbs of {@link Task} use it. */
final class SnapshotCopy {

    private final Task t;
    private TaskStatus status;
    private int progress;
    private String currentStep;
    private int attempt;
    private JsonNode result;
    private TaskError error;
    private String workerId;
    private Instant nextRetryAt;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant updatedAt;
    private long version;
    private String cacheFor;
    private UUID cachedFrom;
    private String submittedBy;

    SnapshotCopy(Task t) {
        this.t = t;
        this.status = t.status();
        this.progress = t.progress();
        this.currentStep = t.currentStep();
        this.attempt = t.attempt();
        this.result = t.result();
        this.error = t.error();
        this.workerId = t.workerId();
        this.nextRetryAt = t.nextRetryAt();
        this.startedAt = t.startedAt();
        this.finishedAt = t.finishedAt();
        this.updatedAt = t.updatedAt();
        this.version = t.version();
        this.cacheFor = t.cacheFor();
        this.cachedFrom = t.cachedFrom();
        this.submittedBy = t.submittedBy();
    }

    SnapshotCopy status(TaskStatus v) {
        status = v;
        return this;
    }

    SnapshotCopy progress(int v) {
        progress = v;
        return this;
    }

    SnapshotCopy currentStep(String v) {
        currentStep = v;
        return this;
    }

    SnapshotCopy attempt(int v) {
        attempt = v;
        return this;
    }

    SnapshotCopy result(JsonNode v) {
        result = v;
        return this;
    }

    SnapshotCopy error(TaskError v) {
        error = v;
        return this;
    }

    SnapshotCopy workerId(String v) {
        workerId = v;
        return this;
    }

    SnapshotCopy nextRetryAt(Instant v) {
        nextRetryAt = v;
        return this;
    }

    SnapshotCopy startedAt(Instant v) {
        startedAt = v;
        return this;
    }

    SnapshotCopy finishedAt(Instant v) {
        finishedAt = v;
        return this;
    }

    SnapshotCopy updatedAt(Instant v) {
        updatedAt = v;
        return this;
    }

    SnapshotCopy version(long v) {
        version = v;
        return this;
    }

    SnapshotCopy cacheFor(String v) {
        cacheFor = v;
        return this;
    }

    SnapshotCopy cachedFrom(UUID v) {
        cachedFrom = v;
        return this;
    }

    SnapshotCopy submittedBy(String v) {
        submittedBy = v;
        return this;
    }

    Task build() {
        return new Task(t.id(), t.queue(), t.type(), t.params(), t.category(), t.tags(), t.priority(), t.maxRetries(),
                t.timeoutSeconds(), status, progress, currentStep, attempt, result, error, workerId, nextRetryAt,
                t.createdAt(), startedAt, finishedAt, updatedAt, version, t.idempotencyKey(), t.submissionHash(),
                submittedBy, cacheFor, cachedFrom);
    }
}
