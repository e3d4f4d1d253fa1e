package io.queuemgr.dispatch;

import static io.queuemgr.dispatch.ControlChecks.discardable;
import static io.queuemgr.dispatch.ControlChecks.resumable;
import static io.queuemgr.dispatch.ControlChecks.retryable;

import java.time.Instant;

import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * What the owner of a task's queue does with a request, decided from the task as it is now and whether it runs here
 * ({@link #decide}); {@link OwnerControl} carries the step out. A request that no longer fits the task is refused
 * while deciding: {@link ControlChecks} (409 with its reason) or the task's lifecycle table
 * ({@link io.queuemgr.task.IllegalTransitionException}).
 */
sealed interface OwnerStep {

    /** Nothing to change: the answer is the task as it is. */
    record Answer(Task task) implements OwnerStep {
    }

    /** The task runs elsewhere, or its work record is on its way here: remember the command for the runner. */
    record Remember(Task task) implements OwnerStep {
    }

    /** Write this snapshot. */
    record Publish(Task next) implements OwnerStep {
    }

    /** Write this PENDING snapshot and put the task where it waits to run. */
    record PublishWaiting(Task next) implements OwnerStep {
    }

    /** Remove the finished task from every registry. */
    record Tombstone(Task task) implements OwnerStep {
    }

    /** Hand the command to the task's run here; answer once the run has ended if {@code awaitEnd}. */
    record ToRun(Task task, boolean awaitEnd) implements OwnerStep {
    }

    /** The task's run here is ending: decide again once it has. */
    record AfterRun(Task task) implements OwnerStep {
    }

    static OwnerStep decide(ControlCommand request, Task task, boolean runsHere, Instant now) {
        boolean executing = task.status().isExecuting();
        return switch (request) {
            // Cancelled since the requester saw it, what was asked for holds: by another request, or by this one,
            // which an instance that did not own the queue yet took for a runner's command (joining at start). A
            // CANCELLED copy no newer than what the requester saw is this owner lagging behind: refused below.
            case ControlCommand.Cancel c when task.status() == TaskStatus.CANCELLED && task.version() > c.version() ->
                new Answer(task);
            // Finished otherwise meanwhile (its run may still be settling): the lifecycle table refuses.
            case ControlCommand.Cancel c when task.status().isFinal() -> new Publish(task.cancel(now));
            // A stopped process is ended by its run, CANCELLED, which is the answer.
            case ControlCommand.Cancel c when runsHere -> new ToRun(task, !executing);
            case ControlCommand.Cancel c when executing -> new Remember(task);
            case ControlCommand.Cancel c -> new Publish(task.cancel(now));
            case ControlCommand.Pause p when task.status().isFinal() -> new Publish(task.pause(now));
            case ControlCommand.Pause p when runsHere -> new ToRun(task, false);
            case ControlCommand.Pause p when executing -> new Remember(task);
            case ControlCommand.Pause p when task.status().isPaused() -> new Answer(task);
            case ControlCommand.Pause p -> new Publish(task.pause(now));
            case ControlCommand.Resume r when runsHere -> new ToRun(resumable(task), false);
            // A stopped process elsewhere is continued by the instance that holds it, which the command reached.
            case ControlCommand.Resume r when resumable(task).holdsProcess() -> new Remember(task);
            case ControlCommand.Resume r -> new PublishWaiting(task.resume(now));
            case ControlCommand.Retry r when runsHere -> new AfterRun(retryable(task));
            case ControlCommand.Retry r -> new PublishWaiting(retryable(task).requeue(now));
            case ControlCommand.Discard d when runsHere -> new AfterRun(discardable(task));
            case ControlCommand.Discard d -> new Tombstone(discardable(task));
            case ControlCommand.Release r -> new Answer(task);
        };
    }
}
