package io.queuemgr.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Timer;
import io.queuemgr.cache.ResultCache;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.PulledExecutor;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.messaging.TaskLogSender;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.queue.RetryPolicy;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.secret.SecretStore;
import io.queuemgr.secret.TaskSecrets;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs one attempt of a task from its work record to its final snapshot: skips what has nothing to run, honours
 * commands that came early, starts a {@link Run} in {@link RunningTasks}, hands the task to its executor
 * ({@link Execution}), and publishes the {@link NextSnapshot} ({@link FinalSnapshots}).
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
    private final Duration defaultTimeout;
    private final int maxLineChars;
    private final Clock clock;
    private final TaskMeters meters;
    private final QueueCatalog queues;
    private final SecretStore secrets;
    private final PausedWork pausedWork;
    private final Execution execution;
    private final FinalSnapshots finals;
    private final ResultCache cache;
    private final TaskLogSender logs;
    private final ForeignRuns foreign;

    public TaskRunner(TaskRegistry registry, TaskStatusPublisher publisher, ExecutorRegistry executors,
            RunningTasks running, InstanceIdentity identity, QueuemgrConfig config, TaskMeters meters,
            QueueCatalog queues, SecretStore secrets, PausedWork pausedWork,
            FinalSnapshots finals, Execution execution, ResultCache cache, TaskLogSender logs, ForeignRuns foreign,
            Clock clock) {
        this.logs = logs;
        this.foreign = foreign;
        this.clock = clock;
        this.cache = cache;
        this.registry = registry;
        this.execution = execution;
        this.publisher = publisher;
        this.executors = executors;
        this.running = running;
        this.workerId = identity.id();
        this.defaultTimeout = config.dispatch().defaultTimeout();
        this.maxLineChars = config.logs().maxLineChars();
        this.meters = meters;
        this.queues = queues;
        this.secrets = secrets;
        this.pausedWork = pausedWork;
        this.finals = finals;
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
        TaskAccess.Admission access = running.admit(current, () -> newRun(current, runSecrets),
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
            case TaskAccess.Started s -> start(s.run(), new RunContext(s.run(), runSecrets, clock), executorEnded);
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

    private Run newRun(Task current, TaskSecrets runSecrets) {
        Task started = current.start(workerId, clock.instant());
        return new Run(new RunSnapshots(started, publisher::publishQuietly), new RunLogs(started.id(),
                started.attempt(), maxLineChars, runSecrets.redactor(),
                batch -> logs.send(started.queue(), batch)), clock);
    }

    private CompletableFuture<Void> start(Run run, RunContext context, Runnable executorEnded) {
        Task started = context.task();
        Timer.Sample sample = Timer.start(meters.registry());
        if (started.attempt() == 1 && started.createdAt() != null) {
            meters.waited(started.queue()).record(Duration.between(started.createdAt(), started.startedAt()));
        }
        Duration timeout = timeoutOf(started);
        TaskExecutor<?> executor = executors.find(started.type()).orElse(null);
        CompletableFuture<TaskOutcome> outcome = executor == null
                ? CompletableFuture.completedFuture(new TaskOutcome.Failed(
                        ErrorCode.EXECUTOR_NOT_FOUND.toError("No executor for task type " + started.type()), null))
                : execution.start(executor, started, run, context, timeout)
                        .thenApply(o -> o.redactedBy(context.secrets().redactor()));
        outcome.whenComplete((o, e) -> executorEnded.run());
        return outcome.thenCompose(o -> finish(run, o, timeout))
                .whenComplete((done, error) -> {
                    running.remove(started.id(), run);
                    if (done != null) {
                        sample.stop(meters.run(done.queue(), done.type(),
                                done.status().isWaiting() ? "RETRY" : done.status().name()));
                        run.settled().complete(null);
                    } else {
                        run.settled().completeExceptionally(error);
                    }
                })
                .thenApply(done -> null);
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

    private Duration timeoutOf(Task task) {
        return task.timeoutSeconds() == null ? defaultTimeout : Duration.ofSeconds(task.timeoutSeconds());
    }

    /**
     * Decides the attempt's next snapshot and publishes it after the run's last log lines. A run left for another
     * instance publishes nothing: its work record stays uncommitted and another instance runs the task again.
     */
    private CompletableFuture<Task> finish(Run run, TaskOutcome outcome, Duration timeout) {
        Run.Ended ended = run.finish();
        if (ended.state() == RunState.HANDING_OVER) {
            return run.logs().flush().handle((ok, e) -> null).thenCompose(x -> CompletableFuture
                    .failedFuture(new TaskAbandonedException(ended.task().id())));
        }
        Task before = ended.task();
        RetryPolicy retries = queues.find(before.queue()).map(RetryPolicy::of).orElse(RetryPolicy.DEFAULT);
        Task last = NextSnapshot.after(before, AttemptEnd.of(ended.state(), outcome, timeout), retries,
                clock.instant());
        if (!run.logs().hasUnsent()) {
            return finals.publish(before, last);
        }
        // The final snapshot follows the last log lines; the hop leaves the producer's thread before sending again.
        return run.logs().flush().handle((ok, e) -> null)
                .thenComposeAsync(x -> finals.publish(before, last), WORKERS);
    }

    @PreDestroy
    void close() {
        execution.close();
    }
}
