package io.queuemgr.dispatch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.executor.ErrorCatalogue;
import io.queuemgr.executor.PulledExecutor;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskParams;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/**
 * Hands a started task to its executor: its params bound to the type's record, the RUNNING snapshot, the timeout
 * clock, and the stop a cancel or the timeout asks for, with a forced end when the executor does not end within a
 * grace. A failure the executor did not classify is classified by the error catalogue.
 */
@Singleton
class Execution implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("queuemgr-task-timeouts").daemon().factory());

    private final Duration stopGrace;
    private final TaskParams params;
    private final ErrorCatalogue errors;

    Execution(QueuemgrConfig config, TaskParams params, ErrorCatalogue errors) {
        this.stopGrace = config.dispatch().stopGrace();
        this.params = params;
        this.errors = errors;
        // The timer is removed as soon as the task ends: an hour-long default timeout must not keep one alive per
        // finished task.
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Runs the executor; the future completes with its outcome (a thrown error is a classified failure). */
    CompletableFuture<TaskOutcome> start(TaskExecutor<?> executor, Task task, Run run, RunContext context,
            Duration timeout) {
        CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
        try {
            Object bound = params.bind(executor.type(), task.params());
            run(executor, bound, run, context).subscribe().with(outcome::complete,
                    error -> outcome.complete(failed(executor, error)));
        } catch (RuntimeException e) {
            outcome.complete(failed(executor, e));
        }
        if (outcome.isDone()) {
            // Finished while being started (no-op and validation-only tasks): no RUNNING snapshot and no timeout.
            return outcome;
        }
        // RUNNING is sent, not waited for: the final snapshot follows it on the same partition, in order, and is
        // the one whose acknowledgement counts.
        run.announce();
        run.onStop(() ->
        // An executor that does not end on its own after the stop is ended for it.
        timers.schedule(() -> outcome.complete(new TaskOutcome.Stopped(null)), stopGrace.toMillis(),
                TimeUnit.MILLISECONDS));
        Deadline deadline = new Deadline(timeout, timers, () -> run.stop(RunState.TIMING_OUT));
        run.startClock(deadline);
        return outcome.whenComplete((done, error) -> deadline.suspend());
    }

    @SuppressWarnings("unchecked")
    private static Uni<TaskOutcome> run(TaskExecutor<?> executor, Object bound, Run run, RunContext context) {
        if (executor instanceof PulledExecutor pulled) {
            // PENDING to onlookers, and no timeout, until a worker leases it.
            run.awaitWorker();
            return pulled.execute((ObjectNode) bound, context, run::claimed);
        }
        return ((TaskExecutor<Object>) executor).execute(bound, context);
    }

    private TaskOutcome failed(TaskExecutor<?> executor, Throwable error) {
        return new TaskOutcome.Failed(errors.classify(error, executor.type()), null);
    }

    @PreDestroy
    @Override
    public void close() {
        timers.shutdownNow();
    }
}
