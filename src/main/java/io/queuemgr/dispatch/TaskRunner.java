package io.queuemgr.dispatch;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.cache.ResultCache;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.PulledExecutor;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.secret.SecretStore;
import io.queuemgr.secret.TaskSecrets;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Decides what a work record of a task leads to here: nothing (the task moved on), a wait for its run on another
 * instance ({@link ForeignRuns}) or for an earlier run here, a command that came early (cancel, pause), a result
 * reused from the cache, or a new attempt, started in {@link RunningTasks} and carried out by {@link Attempts}.
 */
@Singleton
public class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class);
    /** For the rare continuation that must leave the producer's network thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final TaskRegistry registry;
    private final TaskStatusPublisher publisher;
    private final ExecutorRegistry executors;
    private final RunningTasks running;
    private final String workerId;
    private final Clock clock;
    private final SecretStore secrets;
    private final PausedWork pausedWork;
    private final FinalSnapshots finals;
    private final ResultCache cache;
    private final ForeignRuns foreign;
    private final Attempts attempts;

    public TaskRunner(TaskRegistry registry, TaskStatusPublisher publisher, ExecutorRegistry executors,
            RunningTasks running, InstanceIdentity identity, SecretStore secrets, PausedWork pausedWork,
            FinalSnapshots finals, ResultCache cache, ForeignRuns foreign, Attempts attempts, Clock clock) {
        this.registry = registry;
        this.publisher = publisher;
        this.executors = executors;
        this.running = running;
        this.workerId = identity.id();
        this.clock = clock;
        this.secrets = secrets;
        this.pausedWork = pausedWork;
        this.finals = finals;
        this.cache = cache;
        this.foreign = foreign;
        this.attempts = attempts;
    }

    /**
     * Runs the task unless it has nothing to run or already runs here. The future completes once the final snapshot
     * is on Kafka (on the producer's network thread, so callers hand further work to their own thread), or fails
     * with {@link TaskAbandonedException} when the instance stopped the task to leave it for redelivery. Calls
     * {@code executorEnded} once the task no longer runs here (its executor ended, or it was not started at all),
     * which may be well before its outcome is on Kafka.
     */
    public CompletableFuture<Void> run(Task work, Runnable executorEnded) {
        return run(work, executorEnded, ForeignRuns.LOOK_AGAIN);
    }

    /**
     * As above; {@code quietAt}: the version at which the task's run on another instance went quiet (it runs here
     * if it is still at that version), or {@link ForeignRuns#LOOK_AGAIN}.
     */
    private CompletableFuture<Void> run(Task work, Runnable executorEnded, long quietAt) {
        try {
            return attempt(work, executorEnded, quietAt);
        } catch (RuntimeException e) {
            executorEnded.run();
            throw e;
        }
    }

    /** Stops every task still running here without ending it, so that it is redelivered. */
    public void abandonAll() {
        running.abandonAll();
    }

    /** Lets go of the work records held for runs on other instances, uncommitted (the dispatcher stops). */
    public void abandonForeignRuns() {
        foreign.abandonAll();
    }

    private CompletableFuture<Void> attempt(Task work, Runnable executorEnded, long quietAt) {
        Task current = newest(work);
        if (current.outdates(work.version())) {
            LOG.debugf("Task %s is %s at version %d; its work record of version %d is skipped", current.id(),
                    current.status(), current.version(), work.version());
            executorEnded.run();
            return CompletableFuture.completedFuture(null);
        }
        if (runsElsewhere(current) && current.version() != quietAt) {
            // Its queue moved here while it runs on the instance that had it: that instance finishes it. Its slot of
            // the queue stays taken meanwhile.
            return afterForeignRun(current, work, executorEnded);
        }
        TaskSecrets runSecrets = secrets.forRun();
        Task reused = cache.reuse(current).orElse(null);
        TaskAccess.Admission access = running.admit(current, () -> attempts.open(current, runSecrets),
                () -> registry.versionOf(current.id()) <= current.version(), reused != null);
        return switch (access) {
            // A change of the task was under way here, or was just made: look at the task again.
            case TaskAccess.Busy b -> b.change().thenComposeAsync(ok -> run(work, executorEnded, quietAt), WORKERS);
            case TaskAccess.CancelledEarly c -> {
                LOG.debugf("Task %s was cancelled before it started here", current.id());
                executorEnded.run();
                yield running.whileHeld(c.hold(), () -> publisher.publishAsync(current.cancel(clock.instant())))
                        .thenApply(t -> null);
            }
            case TaskAccess.SetAside s -> {
                executorEnded.run();
                yield running.whileHeld(s.hold(), () -> pausedWork.setAside(current));
            }
            case TaskAccess.Reused u -> {
                executorEnded.run();
                yield running.whileHeld(u.hold(), () -> finals.publish(current, reused)).thenApply(t -> null);
            }
            case TaskAccess.Runs r -> afterEarlierRun(r.run(), work, executorEnded);
            case TaskAccess.Started s ->
                attempts.carryOut(s.run(), new RunContext(s.run(), runSecrets, clock), executorEnded);
        };
    }

    /**
     * Whether the task's current attempt is under way on another instance (or a pull worker another instance offered
     * it to): executing there, or paused with its process kept there.
     */
    private boolean runsElsewhere(Task current) {
        return ForeignRuns.underWay(current) && !workerId.equals(current.workerId()) && !running.runs(current.id());
    }

    /**
     * Holds the work record until the run elsewhere has moved on (then looks at the task again) or its runner is gone
     * (then runs it here); a hold let go (the queue moved on, the dispatcher stops) leaves it uncommitted.
     */
    private CompletableFuture<Void> afterForeignRun(Task current, Task work, Runnable executorEnded) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        foreign.await(current, !pulled(current)).whenComplete((quietAt, error) -> {
            if (error != null) {
                executorEnded.run();
                done.completeExceptionally(error);
                return;
            }
            try {
                WORKERS.execute(() -> {
                    try {
                        run(work, executorEnded, quietAt).whenComplete((ok, e) -> {
                            if (e != null) {
                                done.completeExceptionally(e);
                            } else {
                                done.complete(ok);
                            }
                        });
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                // The service is stopping: the record stays uncommitted.
                executorEnded.run();
                done.completeExceptionally(new TaskAbandonedException(work.id()));
            }
        });
        return done;
    }

    /** Work records held here for runs on other instances. */
    int heldForOthers() {
        return foreign.size();
    }

    /** Whether the task is one for pull workers, whose {@code workerId} names the worker, not an instance. */
    private boolean pulled(Task task) {
        return executors.find(task.type()).filter(PulledExecutor.class::isInstance).isPresent();
    }

    /**
     * A work record of a task that still runs here. A redelivered copy of the record that started the run (after a
     * rebalance or a restart of the dispatch loop) counts as done when that run's outcome is on Kafka, not before.
     * A later attempt (a retry due before the earlier attempt finished publishing) runs once the earlier one has
     * settled.
     */
    private CompletableFuture<Void> afterEarlierRun(Run earlier, Task work, Runnable executorEnded) {
        if (work.version() < earlier.snapshots().startVersion()) {
            LOG.debugf("Task %s already runs here; its duplicate work record waits for that run", work.id());
            executorEnded.run();
            return earlier.settled();
        }
        LOG.debugf("Task %s: attempt %d waits for the previous attempt to settle", work.id(), work.attempt());
        return earlier.settled().handleAsync((ok, e) -> e, WORKERS).thenCompose(e -> {
            if (e != null) {
                // The earlier run was left for redelivery (shutdown): so is this one.
                executorEnded.run();
                return CompletableFuture.failedFuture(e);
            }
            return run(work, executorEnded);
        });
    }

    private Task newest(Task work) {
        // The registry may know of a later state (an earlier run, a cancel); it wins over the work record.
        if (registry.versionOf(work.id()) > work.version()) {
            return registry.get(work.id()).orElse(work);
        }
        return work;
    }
}
