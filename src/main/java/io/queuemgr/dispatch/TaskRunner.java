package io.queuemgr.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Timer;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.error.ErrorClassifier;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.messaging.Topics;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.queue.QueueDefinition;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.secret.SecretStore;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskError;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs one attempt of a task from start to final snapshot: skips what is already finished, publishes RUNNING,
 * hands the task to its executor under the task's timeout, and publishes how it ended.
 */
@Singleton
public class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration CANCEL_MEMORY = Duration.ofMinutes(10);
    /** For the rare continuation that must leave the producer's network thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final TaskRegistry registry;
    private final TaskStatusPublisher publisher;
    private final ExecutorRegistry executors;
    private final String workerId;
    private final Duration defaultTimeout;
    private final int maxLineChars;
    private final Clock clock = Clock.systemUTC();
    private final TaskMeters meters;
    private final QueueCatalog queues;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final SecretStore secrets;
    private final Map<UUID, RunContext> running = new ConcurrentHashMap<>();
    /** Cancels that arrived for tasks not running here, by when they arrived. */
    private final Map<UUID, CancelMark> cancelledEarly = new ConcurrentHashMap<>();
    /** Pauses that arrived for tasks not running here. */
    private final Map<UUID, CancelMark> pausedEarly = new ConcurrentHashMap<>();
    private final ScheduledExecutorService logFlusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("queuemgr-log-flusher").daemon().factory());
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("queuemgr-task-timeouts").daemon().factory());

    public TaskRunner(TaskRegistry registry, TaskStatusPublisher publisher, ExecutorRegistry executors,
            InstanceIdentity identity, QueuemgrConfig config, TaskMeters meters, QueueCatalog queues, Topics topics,
            ObjectMapper mapper, LoopSupervisor supervisor, SecretStore secrets) {
        this.mapper = mapper;
        this.secrets = secrets;
        this.queues = queues;
        this.topics = topics;
        this.registry = registry;
        this.publisher = publisher;
        this.executors = executors;
        this.workerId = identity.id();
        this.defaultTimeout = config.dispatch().defaultTimeout();
        this.maxLineChars = config.logs().maxLineChars();
        this.meters = meters;
        meters.registry().gaugeMapSize("queuemgr.tasks.running.local", java.util.List.of(), running);
        timers.setRemoveOnCancelPolicy(true);
        // Lines of a long, quiet task still show up while it runs.
        logFlusher.scheduleWithFixedDelay(supervisor.guard("log-flusher", this::flushAllLogs), 1, 1,
                TimeUnit.SECONDS);
    }

    /**
     * Runs the task unless it is finished or already running here. The future completes once the final snapshot is
     * on Kafka (on the producer's network thread, so callers hand further work to their own thread), or fails with
     * {@link TaskAbandonedException} when the instance stopped the task to leave it for redelivery.
     */
    /**
     * Calls {@code executorEnded} once the task no longer runs here (its executor ended, or it was not
     * started at all), which may be well before its outcome is on Kafka.
     */
    public CompletableFuture<Void> run(Task work, Runnable executorEnded) {
        CompletableFuture<Void> result;
        try {
            result = attempt(work, executorEnded);
        } catch (RuntimeException e) {
            executorEnded.run();
            throw e;
        }
        return result;
    }

    private CompletableFuture<Void> attempt(Task work, Runnable executorEnded) {
        Task current = newest(work);
        if (current.status().isFinal()) {
            LOG.debugf("Task %s is already %s; not running it again", current.id(), current.status());
            executorEnded.run();
            return CompletableFuture.completedFuture(null);
        }
        if (current != work && current.status() == TaskStatus.PENDING) {
            // A stale work record (redelivered after a rebalance) of a task that waits for its retry or was
            // requeued: the newer PENDING state has a work record of its own, which runs it.
            LOG.debugf("Task %s waits for a newer attempt; a stale work record is skipped", current.id());
            executorEnded.run();
            return CompletableFuture.completedFuture(null);
        }
        CancelMark mark = cancelledEarly.remove(current.id());
        if (mark != null && current.version() <= mark.version()) {
            LOG.debugf("Task %s was cancelled before it started here", current.id());
            executorEnded.run();
            return publisher.publishAsync(current.cancel(clock.instant())).thenApply(t -> null);
        }
        CancelMark pause = pausedEarly.remove(current.id());
        if (current.status() == TaskStatus.PAUSED || pause != null && current.version() <= pause.version()) {
            executorEnded.run();
            return held(current);
        }
        Task started = current.start(workerId, clock.instant());
        RunContext context = new RunContext(started, publisher, clock, maxLineChars, secrets.forRun());
        RunContext earlier = running.putIfAbsent(started.id(), context);
        if (earlier != null) {
            return afterEarlierRun(earlier, work, executorEnded);
        }
        Timer.Sample sample = Timer.start(meters.registry());
        if (started.attempt() == 1 && started.createdAt() != null) {
            meters.waited(started.queue()).record(Duration.between(started.createdAt(), started.startedAt()));
        }
        TaskExecutor executor = executors.find(started.type()).orElse(null);
        CompletableFuture<TaskOutcome> outcome = executor == null
                ? CompletableFuture.completedFuture(new TaskOutcome.Failed(
                        ErrorCode.EXECUTOR_NOT_FOUND.toError("No executor for task type " + started.type()), null))
                : execute(executor, started, context).thenApply(o -> o.redactedBy(context.secrets().redactor()));
        outcome.whenComplete((o, e) -> executorEnded.run());
        return outcome.thenCompose(o -> finish(context, o))
                .whenComplete((done, error) -> {
                    running.remove(started.id(), context);
                    if (done != null) {
                        sample.stop(meters.run(done.queue(), done.type(),
                                done.status() == TaskStatus.PENDING ? "RETRY" : done.status().name()));
                        context.settled().complete(null);
                    } else {
                        context.settled().completeExceptionally(error);
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
    private CompletableFuture<Void> afterEarlierRun(RunContext earlier, Task work, Runnable executorEnded) {
        if (work.version() < earlier.startVersion()) {
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

    /**
     * A paused task's work record is set aside: the resume sends a new one. A task paused while it ran elsewhere
     * whose work came here lost its process with that instance (or the instance lost its queue); it is released.
     */
    private CompletableFuture<Void> held(Task current) {
        if (!current.holdsProcess() || running.containsKey(current.id())) {
            LOG.debugf("Task %s is paused; it waits for a resume", current.id());
            return CompletableFuture.completedFuture(null);
        }
        LOG.infof("Task %s was paused on %s, whose run of it is gone; it stays PAUSED and a resume starts it afresh",
                current.id(), current.workerId());
        return publisher.send(topics.taskControl(), current.id().toString(), control(ControlCommand.RELEASE, current))
                .thenCompose(ok -> publisher.publishAsync(current.released(clock.instant())))
                .thenApply(t -> null);
    }

    private byte[] control(String action, Task task) {
        try {
            return mapper.writeValueAsBytes(new ControlCommand(action, task.id(), task.version(), clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Task newest(Task work) {
        // The registry may know of a later state (an earlier run, a cancel); it wins over the work record.
        if (registry.versionOf(work.id()) > work.version()) {
            return registry.get(work.id()).orElse(work);
        }
        return work;
    }

    private CompletableFuture<TaskOutcome> execute(TaskExecutor executor, Task task, RunContext context) {
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
        context.announce();
        Duration timeout = task.timeoutSeconds() == null ? defaultTimeout : Duration.ofSeconds(task.timeoutSeconds());
        // The timer is removed as soon as the task ends: an hour-long default timeout must not keep one alive per
        // finished task.
        context.onStopRequest(reason -> {
            if (context.stopReason() != null) {
                return;
            }
            context.stop(reason);
            executor.onStop(task, context);
            // An executor that does not end on its own after the stop is ended for it.
            timers.schedule(() -> outcome.complete(new TaskOutcome.Stopped(null)), STOP_GRACE.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
        Deadline deadline = new Deadline(timeout, () -> context.requestStop(RunContext.StopReason.TIMEOUT));
        context.startClock(deadline::arm, deadline::suspend);
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

    private CompletableFuture<Task> finish(RunContext context, TaskOutcome outcome) {
        if (context.stopReason() == RunContext.StopReason.SHUTDOWN) {
            // No final snapshot: the work record stays uncommitted and another instance runs the task again.
            return context.flushLogs().handle((ok, e) -> null).thenCompose(x -> CompletableFuture
                    .failedFuture(new TaskAbandonedException(context.task().id())));
        }
        Task before = context.task();
        Task last = context.end(t -> ended(t, context.stopReason(), outcome));
        if (!context.hasUnsentLogs()) {
            return publishFinal(before, last, 1);
        }
        // The final snapshot follows the last log lines; the hop leaves the producer's thread before sending again.
        return context.flushLogs().handle((ok, e) -> null)
                .thenComposeAsync(x -> publishFinal(before, last, 1), WORKERS);
    }

    private Task ended(Task t, RunContext.StopReason stopReason, TaskOutcome outcome) {
        var now = clock.instant();
        TaskError error;
        JsonNode partial = partial(outcome);
        boolean timedOut = stopReason == RunContext.StopReason.TIMEOUT;
        if (stopReason == RunContext.StopReason.CANCEL) {
            return t.cancel(now);
        }
        if (timedOut) {
            error = ErrorCode.TASK_TIMEOUT.toError("Stopped after the timeout of "
                    + (t.timeoutSeconds() == null ? defaultTimeout.toSeconds() : t.timeoutSeconds()) + " s");
        } else {
            switch (outcome) {
                case TaskOutcome.Succeeded s -> {
                    return t.succeed(s.result(), now);
                }
                case TaskOutcome.Stopped s -> {
                    return t.cancel(now);
                }
                case TaskOutcome.Failed f -> error = f.error();
            }
        }
        if (error.retryable() && t.hasAttemptsLeft()) {
            return t.retryLater(error, partial, now.plus(retryDelay(t)), now);
        }
        return timedOut ? t.timeOut(error, partial, now) : t.fail(error, partial, now);
    }

    /** {@code min(base × 2^(attempt−1), max)} with the base and cap of the task's queue. */
    Duration retryDelay(Task t) {
        var queue = queues.find(t.queue());
        Duration base = queue.map(QueueDefinition::retryBaseDelay).orElse(Duration.ofSeconds(1));
        Duration max = queue.map(QueueDefinition::retryMaxDelay).orElse(Duration.ofHours(1));
        int doublings = Math.max(0, Math.min(t.attempt() - 1, 40));
        Duration delay = doublings >= 40 ? max : base.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /**
     * The outcome is known and must reach Kafka: publishing is retried, backing off up to 30 s, until it does. A
     * retry to come also goes to the retry topic, due at its time; a task that failed for good also goes to the
     * dead-letter topic.
     */
    private CompletableFuture<Task> publishFinal(Task before, Task last, int attempt) {
        CompletableFuture<Task> sent = switch (last.status()) {
            case PENDING -> publisher.publishWaiting(last);
            case FAILED, TIMEOUT -> publisher.publishAsync(last, topics.tasksDlq(), last.id().toString(),
                    new RecordHeaders());
            default -> publisher.publishAsync(last);
        };
        return sent.exceptionallyCompose(e -> {
            if (before != null && OversizedOutcome.isTooLarge(e)) {
                LOG.warnf("The outcome of task %s is too large for the status topic; it ends %s with a preview",
                        last.id(), ErrorCode.RESULT_TOO_LARGE);
                return publishFinal(null, OversizedOutcome.of(before, last, e, clock.instant()), attempt);
            }
            long delayMs = Math.min(1000L << Math.min(attempt - 1, 5), 30_000L);
            LOG.warnf("The outcome of task %s is not on Kafka yet, retrying in %d ms: %s", last.id(), delayMs,
                    e.getMessage());
            return CompletableFuture.supplyAsync(() -> attempt + 1,
                    CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, WORKERS))
                    .thenCompose(next -> publishFinal(before, last, next));
        });
    }

    private static JsonNode partial(TaskOutcome outcome) {
        return switch (outcome) {
            case TaskOutcome.Succeeded s -> s.result();
            case TaskOutcome.Failed f -> f.partialResult();
            case TaskOutcome.Stopped s -> s.partialResult();
        };
    }

    /**
     * Cancels the task if it runs here (its process tree is killed, its request closed, and it ends CANCELLED);
     * otherwise remembers the cancel for a while, in case its work record is still on its way here.
     */
    public void cancel(UUID taskId, long version) {
        RunContext context = running.get(taskId);
        if (context != null) {
            LOG.infof("Cancelling task %s", taskId);
            context.requestStop(RunContext.StopReason.CANCEL);
            return;
        }
        remember(cancelledEarly, taskId, version);
    }

    /**
     * Pauses the task if it runs here (its executor's pause, then PAUSED); otherwise remembers the pause for a while,
     * so that a work record of it that arrives here is set aside. Blocks while the process tree is stopped.
     */
    public void pause(UUID taskId, long version) {
        RunContext context = running.get(taskId);
        if (context != null) {
            LOG.infof("Pausing task %s", taskId);
            context.pause();
            return;
        }
        remember(pausedEarly, taskId, version);
    }

    /** Resumes the task if it is paused here. */
    public void resume(UUID taskId) {
        pausedEarly.remove(taskId);
        RunContext context = running.get(taskId);
        if (context != null) {
            LOG.infof("Resuming task %s", taskId);
            context.resume();
        }
    }

    /**
     * Drops the paused process of a task another instance took over (and released): it is killed without an
     * outcome, as at shutdown.
     */
    public void release(UUID taskId) {
        RunContext context = running.get(taskId);
        if (context != null && context.isPaused()) {
            LOG.infof("Task %s went to another instance while paused here; its process is dropped", taskId);
            context.stop(RunContext.StopReason.SHUTDOWN);
        }
    }

    private static void remember(Map<UUID, CancelMark> marks, UUID taskId, long version) {
        long now = System.currentTimeMillis();
        if (marks.size() > 10_000) {
            marks.values().removeIf(m -> now - m.at() > CANCEL_MEMORY.toMillis());
        }
        marks.put(taskId, new CancelMark(version, now));
    }

    /** A cancel (or pause) of the task as it was at {@code version}; a later requeue is not affected. */
    private record CancelMark(long version, long at) {
    }

    /** Stops every task still running here without ending it, so that it is redelivered. */
    public void abandonAll() {
        running.values().forEach(c -> c.stop(RunContext.StopReason.SHUTDOWN));
    }

    private void flushAllLogs() {
        running.values().forEach(c -> c.flushLogs().whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debugf("Log flush failed: %s", e.getMessage());
            }
        }));
    }

    /** The task's timeout, which does not count the time it spends paused or waiting for a pull worker. */
    private final class Deadline {
        private final Runnable expired;
        private long remainingNanos;
        private long armedAt;
        private ScheduledFuture<?> timer;

        Deadline(Duration timeout, Runnable expired) {
            this.remainingNanos = timeout.toNanos();
            this.expired = expired;
        }

        synchronized void arm() {
            if (timer == null) {
                armedAt = System.nanoTime();
                timer = timers.schedule(expired, Math.max(0, remainingNanos), TimeUnit.NANOSECONDS);
            }
        }

        /** Stops the clock (paused, or ended: the timer goes at once rather than living on for the timeout). */
        synchronized void suspend() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
                remainingNanos -= System.nanoTime() - armedAt;
            }
        }
    }

    @PreDestroy
    void close() {
        logFlusher.shutdownNow();
        timers.shutdownNow();
    }
}
