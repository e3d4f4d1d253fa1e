package io.queuemgr.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Timer;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.messaging.TaskLogSender;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.queue.RetryPolicy;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.secret.TaskSecrets;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * One attempt of a task on this instance, from its start to its next snapshot on Kafka: makes the {@link Run}, hands
 * the task to its executor ({@link Execution}) under its timeout, decides what comes after ({@link NextSnapshot}, by
 * its queue's retry policy), and publishes that after the run's last log lines ({@link FinalSnapshots}). Which work
 * record gets to start an attempt is {@link TaskRunner}'s decision.
 */
@Singleton
class Attempts {

    /** For the rare continuation that must leave the producer's network thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final TaskStatusPublisher publisher;
    private final ExecutorRegistry executors;
    private final RunningTasks running;
    private final Execution execution;
    private final FinalSnapshots finals;
    private final QueueCatalog queues;
    private final TaskMeters meters;
    private final TaskLogSender logs;
    private final String workerId;
    private final Duration defaultTimeout;
    private final int maxLineChars;
    private final Clock clock;

    Attempts(TaskStatusPublisher publisher, ExecutorRegistry executors, RunningTasks running, Execution execution,
            FinalSnapshots finals, QueueCatalog queues, TaskMeters meters, TaskLogSender logs,
            InstanceIdentity identity, QueuemgrConfig config, Clock clock) {
        this.publisher = publisher;
        this.executors = executors;
        this.running = running;
        this.execution = execution;
        this.finals = finals;
        this.queues = queues;
        this.meters = meters;
        this.logs = logs;
        this.workerId = identity.id();
        this.defaultTimeout = config.dispatch().defaultTimeout();
        this.maxLineChars = config.logs().maxLineChars();
        this.clock = clock;
    }

    /** The run of {@code current}'s next attempt on this instance, not yet started. */
    Run open(Task current, TaskSecrets secrets) {
        Task started = current.start(workerId, clock.instant());
        return new Run(new RunSnapshots(started, publisher::publishQuietly), new RunLogs(started.id(),
                started.attempt(), maxLineChars, secrets.redactor(),
                batch -> logs.send(started.queue(), batch)), clock);
    }

    /**
     * Runs the attempt to its end. The future completes once its next snapshot is on Kafka, or fails with
     * {@link TaskAbandonedException} when the run was left for another instance; {@code executorEnded} is called as
     * soon as the executor ended, which may be well before.
     */
    CompletableFuture<Void> carryOut(Run run, RunContext context, Runnable executorEnded) {
        Task started = context.task();
        Timer.Sample sample = Timer.start(meters.registry());
        if (started.attempt() == 1 && started.createdAt() != null) {
            meters.waited(started.queue()).record(Duration.between(started.createdAt(), started.startedAt()));
        }
        Duration timeout = started.timeoutSeconds() == null
                ? defaultTimeout
                : Duration.ofSeconds(started.timeoutSeconds());
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
}
