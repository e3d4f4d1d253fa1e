package io.queuemgr.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.queuemgr.error.ErrorClassifier;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.Task;

/**
 * Hands a started task to its executor: the executor's hooks, the RUNNING snapshot, the timeout clock, and the stop
 * a cancel or the timeout asks for, with a forced end when the executor does not end within a grace.
 */
final class Execution implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Execution.class);

    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("queuemgr-task-timeouts").daemon().factory());

    private final Duration stopGrace;

    Execution(Duration stopGrace) {
        this.stopGrace = stopGrace;
        // The timer is removed as soon as the task ends: an hour-long default timeout must not keep one alive per
        // finished task.
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Runs the executor; the future completes with its outcome (a thrown error is a classified failure). */
    CompletableFuture<TaskOutcome> start(TaskExecutor executor, Task task, Run run, RunContext context,
            Duration timeout) {
        CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
        try {
            executor.onStart(task, context);
            executor.execute(task, context).subscribe().with(outcome::complete, error -> failed(executor, task,
                    error, outcome));
        } catch (RuntimeException e) {
            failed(executor, task, e, outcome);
        }
        if (outcome.isDone()) {
            // Finished while being started (no-op and validation-only tasks): no RUNNING snapshot and no timeout.
            return outcome.whenComplete((done, error) -> ended(executor, task, done));
        }
        // RUNNING is sent, not waited for: the final snapshot follows it on the same partition, in order, and is
        // the one whose acknowledgement counts.
        run.announce();
        run.onStop(() -> {
            executor.onStop(task, context);
            // An executor that does not end on its own after the stop is ended for it.
            timers.schedule(() -> outcome.complete(new TaskOutcome.Stopped(null)), stopGrace.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
        Deadline deadline = new Deadline(timeout, timers, () -> run.stop(RunState.TIMING_OUT));
        run.startClock(deadline);
        return outcome.whenComplete((done, error) -> {
            deadline.suspend();
            ended(executor, task, done);
        });
    }

    private static void failed(TaskExecutor executor, Task task, Throwable error,
            CompletableFuture<TaskOutcome> outcome) {
        try {
            executor.onError(task, error);
        } catch (RuntimeException e) {
            LOG.warnf("The error hook of task %s (%s) failed: %s", task.id(), task.type(), e.getMessage());
        }
        outcome.complete(new TaskOutcome.Failed(ErrorClassifier.fromThrowable(error), null));
    }

    private static void ended(TaskExecutor executor, Task task, TaskOutcome outcome) {
        try {
            executor.onEnd(task, outcome);
        } catch (RuntimeException e) {
            LOG.warnf("The end hook of task %s (%s) failed: %s", task.id(), task.type(), e.getMessage());
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
