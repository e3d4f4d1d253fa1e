package io.queuemgr.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.PulledExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** An offered task whose run this instance holds open until a worker reports how it went. */
final class HeldOffer {

    /** Outcomes continue on a worker thread: the run's end publishes to Kafka. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    final Task task;
    private final ExecutionContext context;
    private final PulledExecutor.Lease lease;
    final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
    private volatile String worker;
    private volatile Integer progress;
    private volatile String step;

    HeldOffer(Task task, ExecutionContext context, PulledExecutor.Lease lease) {
        this.task = task;
        this.context = context;
        this.lease = lease;
    }

    /** Passes on to the run what changed in the offer's row: the worker that leased it, its progress, its outcome. */
    void follow(OfferState row, WorkerOutcomes outcomes) {
        if (outcome.isDone()) {
            return;
        }
        if (row.workerId() != null && !row.workerId().equals(worker)) {
            worker = row.workerId();
            lease.claimed(worker);
        }
        if (row.progress() != null && !row.progress().equals(progress)
                || row.step() != null && !row.step().equals(step)) {
            progress = row.progress();
            step = row.step();
            context.progress(progress, step);
        }
        if (row.outcome() != null) {
            finish(outcomes.read(row.outcome()));
        }
    }

    /** Ends the run with the outcome, on a worker thread. */
    void finish(TaskOutcome ended) {
        WORKERS.execute(() -> outcome.complete(ended));
    }
}
