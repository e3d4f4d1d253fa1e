package io.queuemgr.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What an operator does to a task: cancel, pause or resume it, run it again once it ended, or remove it.
 * <p>
 * A request is checked against the task as the caller saw it, and again, when its change is made, against the task as
 * it is then: the task may have moved on meanwhile (finished while a cancel was on its way). A change that no longer
 * fits is refused with 409 rather than written over the newer state. Changes to one task on this instance are made
 * one after the other, so two at once (a double-clicked retry) cannot both pass the check.
 */
@Singleton
public class TaskControl {

    private static final Set<TaskStatus> RETRYABLE = EnumSet.of(TaskStatus.FAILED, TaskStatus.CANCELLED,
            TaskStatus.TIMEOUT);
    /** Acks arrive on the producer's network thread; changes and answers continue on a worker thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final TaskStatusPublisher publisher;
    private final TaskRegistry registry;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final ExecutorRegistry executors;
    private final Clock clock = Clock.systemUTC();
    private final Map<UUID, CompletableFuture<?>> turns = new ConcurrentHashMap<>();

    public TaskControl(TaskStatusPublisher publisher, TaskRegistry registry, Topics topics, ObjectMapper mapper,
            ExecutorRegistry executors) {
        this.executors = executors;
        this.publisher = publisher;
        this.registry = registry;
        this.topics = topics;
        this.mapper = mapper;
    }

    /**
     * Runs a FAILED, CANCELLED or TIMEOUT task again with a fresh attempt count: its PENDING snapshot and a work record,
     * answered once Kafka holds both.
     */
    public Uni<Task> retry(Task seen) {
        requireRetryable(seen);
        return inTurn(seen, () -> {
            Task task = latest(seen);
            requireRetryable(task);
            return publisher.publishWaiting(task.requeue(clock.instant()));
        });
    }

    /**
     * Cancels a task. A waiting one (PENDING, PAUSED) is CANCELLED at once and never starts; for a running one the
     * command goes to every instance and the one running it stops it for real and ends it CANCELLED. Answers with
     * the task as it is once Kafka holds the command.
     */
    public Uni<Task> cancel(Task seen) {
        if (seen.status().isFinal()) {
            throw ApiException.conflict("task-finished", "Task " + seen.id() + " is " + seen.status()
                    + " already; there is nothing to cancel");
        }
        byte[] command = command(new ControlCommand.Cancel(seen, clock.instant()));
        return inTurn(seen, () -> publisher.send(topics.taskControl(), seen.id().toString(), command)
                .thenComposeAsync(ok -> {
                    Task task = latest(seen);
                    // Running: the instance that runs it ends it. Finished meanwhile: cancel() refuses (409).
                    return task.status().isExecuting()
                            ? CompletableFuture.completedFuture(task)
                            : publisher.publishAsync(task.cancel(clock.instant()));
                }, WORKERS));
    }

    /**
     * Pauses a task. A waiting one is PAUSED at once and is not started until resumed; a running one is paused by the
     * instance that runs it (its process tree gets SIGSTOP) where its executor can, and otherwise the call is refused
     * with 409. A task already PAUSED is answered as it is.
     */
    public Uni<Task> pause(Task seen) {
        if (seen.status().isFinal()) {
            throw ApiException.conflict("task-finished", "Task " + seen.id() + " is " + seen.status()
                    + " already; there is nothing to pause");
        }
        if (seen.status() == TaskStatus.PAUSED) {
            return Uni.createFrom().item(seen);
        }
        if (seen.status() != TaskStatus.PENDING
                && !executors.find(seen.type()).map(e -> e.canPause(seen.type())).orElse(false)) {
            throw ApiException.conflict("task-not-pausable", "Task " + seen.id() + " is running, and a running '"
                    + seen.type() + "' task cannot be paused (only processes can: command and script); cancel it, "
                    + "or let it finish");
        }
        byte[] command = command(new ControlCommand.Pause(seen, clock.instant()));
        // The command first: the instance about to start the task sets it aside even before the snapshot arrives.
        return inTurn(seen, () -> publisher.send(topics.taskControl(), seen.id().toString(), command)
                .thenComposeAsync(ok -> {
                    Task task = latest(seen);
                    return task.status().isExecuting() || task.status() == TaskStatus.PAUSED
                            ? CompletableFuture.completedFuture(task)
                            : publisher.publishAsync(task.pause(clock.instant()));
                }, WORKERS));
    }

    /**
     * Resumes a PAUSED task. A stopped process is continued (SIGCONT) by the instance that holds it; a held-back
     * waiting task is queued again, behind its retry delay if that has not passed yet.
     */
    public Uni<Task> resume(Task seen) {
        requirePaused(seen);
        return inTurn(seen, () -> {
            Task task = latest(seen);
            requirePaused(task);
            if (task.holdsProcess()) {
                return publisher.send(topics.taskControl(), task.id().toString(),
                        command(new ControlCommand.Resume(task, clock.instant()))).thenApply(ok -> task);
            }
            return publisher.publishWaiting(task.resume(clock.instant()));
        });
    }

    /** Removes a finished task from every instance's registry; its history row stays in PostgreSQL. */
    public Uni<Void> discard(Task seen) {
        requireFinished(seen);
        return inTurn(seen, () -> {
            requireFinished(latest(seen));
            return publisher.tombstone(seen.id()).thenApply(ok -> seen);
        }).replaceWithVoid();
    }

    private static void requireRetryable(Task task) {
        if (!RETRYABLE.contains(task.status())) {
            throw ApiException.conflict("task-not-retryable", "Task " + task.id() + " is " + task.status()
                    + "; only FAILED, CANCELLED and TIMEOUT tasks can run again");
        }
    }

    private static void requirePaused(Task task) {
        if (task.status() != TaskStatus.PAUSED) {
            throw ApiException.conflict("task-not-paused", "Task " + task.id() + " is " + task.status()
                    + "; only a PAUSED task can be resumed");
        }
    }

    private static void requireFinished(Task task) {
        if (!task.status().isFinal()) {
            throw ApiException.conflict("task-not-finished", "Task " + task.id() + " is " + task.status()
                    + "; only a finished task can be deleted (cancel it first)");
        }
    }

    /** The task as this instance holds it now; the snapshot the caller saw if it has left the registry. */
    private Task latest(Task seen) {
        return registry.get(seen.id()).orElse(seen);
    }

    /**
     * Makes one change to the task after the changes before it on this instance have ended, on a worker thread, and
     * answers on a worker thread. A refusal found on the way (409) fails the answer.
     */
    private Uni<Task> inTurn(Task task, Supplier<CompletableFuture<Task>> change) {
        CompletableFuture<Task> mine = new CompletableFuture<>();
        CompletableFuture<?> before = turns.put(task.id(), mine);
        CompletableFuture<?> start = before == null
                ? CompletableFuture.completedFuture(null)
                : before.handle((done, error) -> null);
        start.thenComposeAsync(ready -> change.get(), WORKERS).whenComplete((done, error) -> {
            turns.remove(task.id(), mine);
            if (error != null) {
                mine.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error);
            } else {
                mine.complete(done);
            }
        });
        return Uni.createFrom().completionStage(mine).emitOn(WORKERS);
    }

    private byte[] command(ControlCommand command) {
        try {
            return mapper.writeValueAsBytes(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
