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

    public boolean isFinal() {
        return kind == Kind.FINAL;
    }

    /** Running, possibly in an intermediate step such as UPLOADING. */
    public boolean isExecuting() {
        return this == RUNNING || kind == Kind.INTERMEDIATE;
    }

}
