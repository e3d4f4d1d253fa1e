package io.queuemgr.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The whole state of one task: the snapshot published on the status topic at every change. Changes are verbs that
 * return the next snapshot, checked against {@link TaskTransitions}, each with a higher {@code version}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Task(UUID id, String queue, String type, JsonNode params, String category, List<String> tags,
        int priority, int maxRetries, Long timeoutSeconds, TaskStatus status, int progress, String currentStep,
        int attempt, JsonNode result, TaskError error, String workerId, Instant nextRetryAt, Instant createdAt,
        Instant startedAt, Instant finishedAt, Instant updatedAt, long version, String idempotencyKey,
        String submissionHash, String submittedBy, String cacheFor, UUID cachedFrom) {

    public Task {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A new task, waiting to run: version 1. */
    public static Task pending(UUID id, String queue, String type, JsonNode params, String category, List<String> tags,
            int priority, int maxRetries, Long timeoutSeconds, String idempotencyKey, Instant now) {
        return pending(id, queue, type, params, category, tags, priority, maxRetries, timeoutSeconds, idempotencyKey,
                null, now);
    }

    /** The same task as submitted by the named principal (a token's name or an OIDC subject). */
    public Task withSubmitter(String principal) {
        return new SnapshotCopy(this).submittedBy(principal).build();
    }

    /**
     * A new task made under an idempotency key: {@code submissionHash} identifies what was submitted, so that the
     * key reused for something else can be told apart from a retry of the same submission, also after a restart.
     */
    public static Task pending(UUID id, String queue, String type, JsonNode params, String category, List<String> tags,
            int priority, int maxRetries, Long timeoutSeconds, String idempotencyKey, String submissionHash,
            Instant now) {
        return new Task(id, queue, type, params, category, tags, priority, maxRetries, timeoutSeconds,
                TaskStatus.PENDING, 0, null, 0, null, null, null, null, now, null, null, now, 1, idempotencyKey,
                submissionHash, null, null, null);
    }

    /**
     * The new task waits until {@code due} before its first attempt, as a retry waits for its time: PENDING (or
     * held) with {@code nextRetryAt} set. Still the submission, version 1.
     */
    public Task scheduledFor(Instant due) {
        return atSubmission(status).nextRetryAt(due).build();
    }

    /** The new task may take the result of an identical task completed at most {@code window} ago (ISO-8601). */
    public Task cachedFor(Duration window) {
        return atSubmission(status).cacheFor(window.toString()).build();
    }

    /** Completed at once with a copy of the result of an identical completed task: the only way a waiting task ends so. */
    public Task reuse(Task source, Instant now) {
        if (status != TaskStatus.PENDING) {
            throw new IllegalTransitionException(status, TaskStatus.COMPLETED);
        }
        return builder(TaskStatus.COMPLETED, now).progress(100).result(source.result()).error(null).workerId(null)
                .currentStep("result reused from task " + source.id()).finishedAt(now).nextRetryAt(null)
                .cachedFrom(source.id()).build();
    }

    /** The new task is held back: PAUSED, started only by an operator's resume. Still the submission, version 1. */
    public Task heldBack() {
        return atSubmission(TaskStatus.PAUSED).build();
    }

    /** An attempt begins on the named worker. */
    public Task start(String worker, Instant now) {
        TaskTransitions.check(status, TaskStatus.RUNNING);
        return builder(TaskStatus.RUNNING, now).attempt(attempt + 1).workerId(worker).startedAt(now)
                .progress(0).currentStep(null).error(null).result(null).finishedAt(null).nextRetryAt(null).build();
    }

    /** The executor reports how far it got, and optionally an intermediate status such as UPLOADING. */
    public Task progress(Integer percent, String step, TaskStatus intermediate, Instant now) {
        TaskStatus next = intermediate == null ? status : intermediate;
        if (next != status) {
            TaskTransitions.check(status, next);
        }
        SnapshotCopy b = builder(next, now);
        if (percent != null) {
            b.progress(Math.max(0, Math.min(100, percent)));
        }
        if (step != null) {
            b.currentStep(step);
        }
        return b.build();
    }

    public Task succeed(JsonNode value, Instant now) {
        if (status == TaskStatus.PENDING) {
            throw new IllegalTransitionException(status, TaskStatus.COMPLETED);
        }
        TaskTransitions.check(status, TaskStatus.COMPLETED);
        return builder(TaskStatus.COMPLETED, now).progress(100).result(value).error(null).finishedAt(now).build();
    }

    public Task fail(TaskError cause, JsonNode partialResult, Instant now) {
        return end(TaskStatus.FAILED, cause, partialResult, now);
    }

    public Task timeOut(TaskError cause, JsonNode partialResult, Instant now) {
        return end(TaskStatus.TIMEOUT, cause, partialResult, now);
    }

    /**
     * The attempt failed in a way a retry can help, and attempts remain: back to PENDING until {@code due}, with the
     * attempt's error and partial result kept for whoever looks.
     */
    public Task retryLater(TaskError cause, JsonNode partialResult, Instant due, Instant now) {
        TaskTransitions.check(status, TaskStatus.PENDING);
        return builder(TaskStatus.PENDING, now).error(cause).result(partialResult).nextRetryAt(due).progress(0)
                .currentStep(null).build();
    }

    /**
     * Back to PENDING from a final state (a dead letter requeued, a task retried by hand), with a fresh attempt
     * count: the last error stays for whoever looks until the next attempt ends.
     */
    public Task requeue(Instant now) {
        TaskTransitions.check(status, TaskStatus.PENDING);
        return builder(TaskStatus.PENDING, now).attempt(0).progress(0).currentStep(null).nextRetryAt(null)
                .finishedAt(null).workerId(null).build();
    }

    /**
     * Held back by an operator. A waiting task is PAUSED without a worker and is not started until resumed; a running
     * one keeps its {@code workerId}: that instance holds its stopped process.
     */
    public Task pause(Instant now) {
        TaskTransitions.check(status, TaskStatus.PAUSED);
        SnapshotCopy b = builder(TaskStatus.PAUSED, now);
        if (status == TaskStatus.PENDING) {
            b.workerId(null);
        }
        return b.build();
    }

    /** Whether an instance holds this task's stopped process (it was paused while running). */
    public boolean holdsProcess() {
        return status == TaskStatus.PAUSED && workerId != null;
    }

    /** Resumed by an operator: a stopped process runs on (RUNNING), a held-back waiting task waits again (PENDING). */
    public Task resume(Instant now) {
        TaskStatus next = holdsProcess() ? TaskStatus.RUNNING : TaskStatus.PENDING;
        TaskTransitions.check(status, next);
        return builder(next, now).build();
    }

    /**
     * The process of a task paused while running ended with the instance that held it: the task stays PAUSED, now
     * without a worker, and a resume runs it afresh.
     */
    public Task released(Instant now) {
        TaskTransitions.check(status, TaskStatus.PAUSED);
        return builder(TaskStatus.PAUSED, now).workerId(null).progress(0).currentStep(null).build();
    }

    /** A pull worker leased the dispatched task: its run starts now, on that worker. */
    public Task claimedBy(String worker, Instant now) {
        TaskTransitions.check(status, TaskStatus.RUNNING);
        return builder(TaskStatus.RUNNING, now).workerId(worker).startedAt(now).build();
    }

    /** Whether a retry may follow this attempt: {@code maxRetries} retries after the first attempt. */
    public boolean hasAttemptsLeft() {
        return attempt <= maxRetries;
    }

    /**
     * Whether a work record of this task made at {@code workVersion} has nothing to run: the task is finished, or a
     * newer waiting state of it (a retry waiting, a requeue) has a work record of its own.
     */
    public boolean outdates(long workVersion) {
        return status.isFinal() || version > workVersion && status.isWaiting();
    }

    // What an operator may ask of the task as it is now; the verbs themselves check only the table.

    /** Whether it may run again by hand (retry, requeue): it ended other than COMPLETED. */
    public boolean canRetry() {
        return status.isFinal() && TaskTransitions.isAllowed(status, TaskStatus.PENDING);
    }

    /** Whether it may be cancelled: it has not ended. */
    public boolean canCancel() {
        return TaskTransitions.isAllowed(status, TaskStatus.CANCELLED);
    }

    /**
     * Whether its status lets it be paused: it has not ended (a PAUSED one is paused already). A running task also
     * needs an executor that can stop its process.
     */
    public boolean canPause() {
        return TaskTransitions.isAllowed(status, TaskStatus.PAUSED);
    }

    /** Whether it may be resumed: it is PAUSED. The table alone would also let a running task go back to PENDING. */
    public boolean canResume() {
        return status.isPaused();
    }

    /** Whether it may be removed from the registry: it ended. */
    public boolean canDiscard() {
        return status.isFinal();
    }

    /** Whether it failed for good and is one of its queue's dead letters. Not a field of the snapshot. */
    @JsonIgnore
    public boolean isDeadLetter() {
        return status.isDeadLetter();
    }

    public Task cancel(Instant now) {
        return end(TaskStatus.CANCELLED, null, null, now);
    }

    private Task end(TaskStatus to, TaskError cause, JsonNode partialResult, Instant now) {
        TaskTransitions.check(status, to);
        return builder(to, now).error(cause).result(partialResult).finishedAt(now).build();
    }

    /** A change of how a task begins, made before its first snapshot is published: no move, the same version. */
    private SnapshotCopy atSubmission(TaskStatus initial) {
        if (version != 1 || !TaskTransitions.isInitial(initial)) {
            throw new IllegalTransitionException(status, initial);
        }
        return new SnapshotCopy(this).status(initial);
    }

    private SnapshotCopy builder(TaskStatus next, Instant now) {
        return new SnapshotCopy(this).status(next).updatedAt(now).version(version + 1);
    }
}
