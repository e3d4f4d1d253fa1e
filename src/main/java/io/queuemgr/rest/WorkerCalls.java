package io.queuemgr.rest;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.json.WrongType;

/** The bodies of the pull workers' calls; a field a call does not know is ignored. */
final class WorkerCalls {

    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    static final long MAX_LEASE_SECONDS = 3600;
    static final String WORKER = "is required: a name for the worker, at most 255 characters";
    static final String LEASE = "must be a whole number from 1 to " + MAX_LEASE_SECONDS;
    static final String PROGRESS = "must be a whole number from 0 to 100";
    static final String STEP = "must be a string of at most 1000 characters";
    static final String ERROR = "is required: a message saying what went wrong";
    static final String RETRY = "must be true or false";

    private WorkerCalls() {
    }

    /** Asks for the next task of a queue, held for {@code leaseSeconds} (30 when not given). */
    @RegisterForReflection
    record Lease(
            @WrongType(value = WORKER, blankToo = true) @NotNull(message = WORKER) @Size(max = 255, message = WORKER) String workerId,
            @WrongType(LEASE) @Min(value = 1, message = LEASE) @Max(value = MAX_LEASE_SECONDS, message = LEASE) Long leaseSeconds) {

        Duration lease() {
            return leaseSeconds == null ? DEFAULT_LEASE : Duration.ofSeconds(leaseSeconds);
        }
    }

    /** Renews a lease, and says how far the work is. */
    @RegisterForReflection
    record Heartbeat(
            @WrongType(value = WORKER, blankToo = true) @NotNull(message = WORKER) @Size(max = 255, message = WORKER) String workerId,
            @WrongType(LEASE) @Min(value = 1, message = LEASE) @Max(value = MAX_LEASE_SECONDS, message = LEASE) Long leaseSeconds,
            @WrongType(PROGRESS) @Min(value = 0, message = PROGRESS) @Max(value = 100, message = PROGRESS) Integer progress,
            @WrongType(STEP) @Size(max = 1000, message = STEP) String step) {

        Duration lease() {
            return leaseSeconds == null ? DEFAULT_LEASE : Duration.ofSeconds(leaseSeconds);
        }
    }

    /** Reports the task done; a {@code result} that is given, null included, becomes the task's result. */
    @RegisterForReflection
    record Completion(
            @WrongType(value = WORKER, blankToo = true) @NotNull(message = WORKER) @Size(max = 255, message = WORKER) String workerId,
            JsonNode result) {
    }

    /** Reports the task failed; without {@code retry: false} the queue's retry policy applies. */
    @RegisterForReflection
    record Failure(
            @WrongType(value = WORKER, blankToo = true) @NotNull(message = WORKER) @Size(max = 255, message = WORKER) String workerId,
            @WrongType(value = ERROR, blankToo = true) @NotNull(message = ERROR) String error,
            @WrongType(value = RETRY, nullToo = true) Boolean retry,
            JsonNode result) {
    }
}
