package io.queuemgr.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Timer;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.error.ErrorClassifier;
import io.queuemgr.error.ErrorCode;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskMeters;
import io.smallrye.mutiny.Uni;

/**
 * Runs one attempt of a task from start to final snapshot: skips what is already finished, publishes RUNNING,
 * hands the task to its executor under the task's timeout, and publishes how it ended. The returned Uni completes
 * only when the final snapshot is on Kafka.
 */
@ApplicationScoped
public class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final TaskRegistry registry;
    private final TaskStatusPublisher publisher;
    private final ExecutorRegistry executors;
    private final String workerId;
    private final Duration defaultTimeout;
    private final Clock clock = Clock.systemUTC();
    private final TaskMeters meters;
    private final Map<UUID, RunContext> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService logFlusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("queuemgr-log-flusher").daemon().factory());
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("queuemgr-task-timeouts").daemon().factory());

    public TaskRunner(TaskRegistry registry, TaskStatusPublisher publisher, ExecutorRegistry executors,
            InstanceIdentity identity, QueuemgrConfig config, TaskMeters meters) {
        this.registry = registry;
        this.publisher = publisher;
        this.executors = executors;
        this.workerId = identity.id();
        this.defaultTimeout = config.dispatch().defaultTimeout();
        this.meters = meters;
        meters.registry().gaugeMapSize("queuemgr.tasks.running.local", java.util.List.of(), running);
        timers.setRemoveOnCancelPolicy(true);
        // Lines of a long, quiet task still show up while it runs.
        logFlusher.scheduleWithFixedDelay(this::flushAllLogs, 1, 1, TimeUnit.SECONDS);
    }

    public Uni<Void> run(Task work) {
        return Uni.createFrom().deferred(() -> attempt(work));
    }

    private Uni<Void> attempt(Task work) {
        Task current = newest(work);
        if (current.status().isFinal()) {
            LOG.debugf("Task %s is already %s; not running it again", current.id(), current.status());
            return Uni.createFrom().voidItem();
        }
        if (running.containsKey(current.id())) {
            LOG.debugf("Task %s already runs here; a duplicate work record is skipped", current.id());
            return Uni.createFrom().voidItem();
        }
        Task started = current.start(workerId, clock.instant());
        RunContext context = new RunContext(started, publisher, clock);
        Optional<TaskExecutor> executor = executors.find(started.type());
        Timer.Sample sample = Timer.start(meters.registry());
        // RUNNING is sent, not waited for: the final snapshot follows it on the same partition, in order, and is
        // the one whose acknowledgement counts.
        publisher.publishQuietly(started);
        return executor.map(e -> execute(e, started, context))
                .orElseGet(() -> Uni.createFrom().item(new TaskOutcome.Failed(ErrorCode.EXECUTOR_NOT_FOUND
                        .toError("No executor for task type " + started.type()), null)))
                .chain(outcome -> finish(context, outcome))
                .invoke(done -> sample.stop(meters.run(done.queue(), done.type(), done.status())))
                .replaceWithVoid();
    }

    private Task newest(Task work) {
        Task held = registry.get(work.id()).orElse(null);
        // The registry may know of a later state (an earlier run, a cancel); it wins over the work record.
        return held != null && held.version() >= work.version() ? held : work;
    }

    private Uni<TaskOutcome> execute(TaskExecutor executor, Task task, RunContext context) {
        Duration timeout = task.timeoutSeconds() == null ? defaultTimeout : Duration.ofSeconds(task.timeoutSeconds());
        running.put(task.id(), context);
        CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
        Uni.createFrom().deferred(() -> {
            executor.onStart(task, context);
            return executor.execute(task, context);
        }).subscribe().with(outcome::complete, error -> {
            executor.onError(task, error);
            outcome.complete(new TaskOutcome.Failed(ErrorClassifier.fromThrowable(error), null));
        });
        if (outcome.isDone()) {
            // Finished while being started (no-op and validation-only tasks): no timeout to arm.
            return Uni.createFrom().completionStage(outcome)
                    .invoke(done -> executor.onEnd(task, done))
                    .eventually(() -> running.remove(task.id()));
        }
        // The timer is removed as soon as the task ends: an hour-long default timeout must not keep one alive per
        // finished task.
        ScheduledFuture<?> timer = timers.schedule(() -> {
            context.stop(RunContext.StopReason.TIMEOUT);
            executor.onStop(task, context);
            timers.schedule(() -> outcome.complete(new TaskOutcome.Stopped(null)), STOP_GRACE.toMillis(),
                    TimeUnit.MILLISECONDS);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return Uni.createFrom().completionStage(outcome)
                .invoke(done -> {
                    timer.cancel(false);
                    executor.onEnd(task, done);
                })
                .eventually(() -> running.remove(task.id()));
    }

    private Uni<Task> finish(RunContext context, TaskOutcome outcome) {
        if (context.stopReason() == RunContext.StopReason.SHUTDOWN) {
            // No final snapshot: the work record stays uncommitted and another instance runs the task again.
            return context.flushLogs().onFailure().recoverWithNull().chain(() -> Uni.createFrom()
                    .failure(new TaskAbandonedException(context.task().id())));
        }
        if (!context.hasUnsentLogs()) {
            return publishFinal(context, outcome);
        }
        return context.flushLogs().onFailure().recoverWithNull().chain(() -> publishFinal(context, outcome));
    }

    /** The outcome is known and must reach Kafka: publishing is retried until it does. */
    private Uni<Task> publishFinal(RunContext context, TaskOutcome outcome) {
        return context.end(t -> {
            var now = clock.instant();
            if (context.stopReason() == RunContext.StopReason.TIMEOUT) {
                return t.timeOut(ErrorCode.TASK_TIMEOUT.toError("Stopped after the timeout of "
                        + (t.timeoutSeconds() == null ? defaultTimeout.toSeconds() : t.timeoutSeconds()) + " s"),
                        partial(outcome), now);
            }
            return switch (outcome) {
                case TaskOutcome.Succeeded s -> t.succeed(s.result(), now);
                case TaskOutcome.Failed f -> t.fail(f.error(), f.partialResult(), now);
                case TaskOutcome.Stopped s -> t.cancel(now);
            };
        }).onFailure().invoke(e -> LOG.warnf("The outcome of task %s is not on Kafka yet, retrying: %s",
                context.task().id(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely();
    }

    private static com.fasterxml.jackson.databind.JsonNode partial(TaskOutcome outcome) {
        return switch (outcome) {
            case TaskOutcome.Succeeded s -> s.result();
            case TaskOutcome.Failed f -> f.partialResult();
            case TaskOutcome.Stopped s -> s.partialResult();
        };
    }

    /** Stops every task still running here without ending it, so that it is redelivered. */
    public void abandonAll() {
        running.values().forEach(c -> c.stop(RunContext.StopReason.SHUTDOWN));
    }

    private void flushAllLogs() {
        running.values().forEach(c -> c.flushLogs().subscribe().with(x -> {
        }, e -> LOG.debugf("Log flush failed: %s", e.getMessage())));
    }

    @PreDestroy
    void close() {
        logFlusher.shutdownNow();
        timers.shutdownNow();
    }
}
