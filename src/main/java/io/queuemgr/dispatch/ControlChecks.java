package io.queuemgr.dispatch;

import io.queuemgr.error.ApiException;
import io.queuemgr.task.Task;

/**
 * An operator's request checked against the task's predicates: each check answers the task when the request fits it,
 * and refuses it with 409 and a reason the caller can act on when it does not.
 */
public final class ControlChecks {

    private ControlChecks() {
    }

    public static Task retryable(Task task) {
        if (!task.canRetry()) {
            throw ApiException.conflict("task-not-retryable", "Task " + task.id() + " is " + task.status()
                    + "; only FAILED, CANCELLED and TIMEOUT tasks can run again");
        }
        return task;
    }

    public static Task cancellable(Task task) {
        if (!task.canCancel()) {
            throw finished(task, "cancel");
        }
        return task;
    }

    /** {@code processPauses}: whether the task's executor can stop its running process (command and script can). */
    public static Task pausable(Task task, boolean processPauses) {
        if (!task.canPause()) {
            throw finished(task, "pause");
        }
        if (task.status().isExecuting() && !processPauses) {
            throw ApiException.conflict("task-not-pausable", "Task " + task.id() + " is running, and a running '"
                    + task.type() + "' task cannot be paused (only processes can: command and script); cancel it, "
                    + "or let it finish");
        }
        return task;
    }

    public static Task resumable(Task task) {
        if (!task.canResume()) {
            throw ApiException.conflict("task-not-paused", "Task " + task.id() + " is " + task.status()
                    + "; only a PAUSED task can be resumed");
        }
        return task;
    }

    public static Task discardable(Task task) {
        if (!task.canDiscard()) {
            throw ApiException.conflict("task-not-finished", "Task " + task.id() + " is " + task.status()
                    + "; only a finished task can be deleted (cancel it first)");
        }
        return task;
    }

    private static ApiException finished(Task task, String request) {
        return ApiException.conflict("task-finished", "Task " + task.id() + " is " + task.status()
                + " already; there is nothing to " + request);
    }
}
