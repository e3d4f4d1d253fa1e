package io.queuemgr.task;

/** A status change the lifecycle table does not allow. */
public class IllegalTransitionException extends RuntimeException {

    private final TaskStatus from;
    private final TaskStatus to;

    public IllegalTransitionException(TaskStatus from, TaskStatus to) {
        super("A task cannot go from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    public TaskStatus from() {
        return from;
    }

    public TaskStatus to() {
        return to;
    }
}
