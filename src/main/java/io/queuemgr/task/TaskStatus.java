package io.queuemgr.task;

/** Where a task stands. Which moves between them are legal is said once, in {@link TaskTransitions}. */
public enum TaskStatus {
    PENDING(Kind.ACTIVE),
    RUNNING(Kind.ACTIVE),
    PAUSED(Kind.ACTIVE),
    VALIDATING(Kind.INTERMEDIATE),
    PREPARING(Kind.INTERMEDIATE),
    UPLOADING(Kind.INTERMEDIATE),
    DOWNLOADING(Kind.INTERMEDIATE),
    BUILDING(Kind.INTERMEDIATE),
    PULLING(Kind.INTERMEDIATE),
    COMPLETED(Kind.FINAL),
    FAILED(Kind.FINAL),
    CANCELLED(Kind.FINAL),
    TIMEOUT(Kind.FINAL);

    /** The three families of status. */
    public enum Kind {
        ACTIVE,
        INTERMEDIATE,
        FINAL
    }

    private final Kind kind;

    TaskStatus(Kind kind) {
        this.kind = kind;
    }

    /** Ended: COMPLETED, FAILED, CANCELLED or TIMEOUT. Only an operator's retry or requeue runs it again. */
    public boolean isFinal() {
        return kind == Kind.FINAL;
    }

    /** Running, possibly in an intermediate step such as UPLOADING. */
    public boolean isExecuting() {
        return this == RUNNING || kind == Kind.INTERMEDIATE;
    }

    /** In line to start (behind its retry delay, if it has one): what a queue's length counts. */
    public boolean isWaiting() {
        return this == PENDING;
    }

    /** Held back by an operator until resumed, with its process stopped if it was running. */
    public boolean isPaused() {
        return this == PAUSED;
    }

    /**
     * Failed for good: FAILED, or TIMEOUT (a timed-out attempt with retries left goes back to PENDING instead). Such a
     * task is a dead letter of its queue: listed, kept longer, and requeued or discarded by hand.
     */
    public boolean isDeadLetter() {
        return this == FAILED || this == TIMEOUT;
    }
}
