package io.queuemgr.task;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** The next snapshot of a task: a copy with some fields changed. Only the verbs of {@link Task} use it. */
final class NextSnapshot {

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

    NextSnapshot(Task t) {
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
    }

    NextSnapshot status(TaskStatus v) {
        status = v;
        return this;
    }

    NextSnapshot progress(int v) {
        progress = v;
        return this;
    }

    NextSnapshot currentStep(String v) {
        currentStep = v;
        return this;
    }

    NextSnapshot attempt(int v) {
        attempt = v;
        return this;
    }

    NextSnapshot result(JsonNode v) {
        result = v;
        return this;
    }

    NextSnapshot error(TaskError v) {
        error = v;
        return this;
    }

    NextSnapshot workerId(String v) {
        workerId = v;
        return this;
    }

    NextSnapshot nextRetryAt(Instant v) {
        nextRetryAt = v;
        return this;
    }

    NextSnapshot startedAt(Instant v) {
        startedAt = v;
        return this;
    }

    NextSnapshot finishedAt(Instant v) {
        finishedAt = v;
        return this;
    }

    NextSnapshot updatedAt(Instant v) {
        updatedAt = v;
        return this;
    }

    NextSnapshot version(long v) {
        version = v;
        return this;
    }

    Task build() {
        return new Task(t.id(), t.queue(), t.type(), t.params(), t.category(), t.tags(), t.priority(), t.maxRetries(),
                t.timeoutSeconds(), status, progress, currentStep, attempt, result, error, workerId, nextRetryAt,
                t.createdAt(), startedAt, finishedAt, updatedAt, version, t.idempotencyKey(), t.submissionHash(),
                t.submittedBy());
    }
}
