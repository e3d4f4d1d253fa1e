package io.queuemgr.task;

/** Raised by an executor that already knows which error code applies. */
public class TaskFailure extends RuntimeException {

    private final transient TaskError error;

    public TaskFailure(TaskError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public TaskError error() {
        return error;
    }
}
