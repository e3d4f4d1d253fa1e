package io.queuemgr.control;

import static io.queuemgr.control.ControlChecks.cancellable;
import static io.queuemgr.control.ControlChecks.discardable;
import static io.queuemgr.control.ControlChecks.pausable;
import static io.queuemgr.control.ControlChecks.resumable;
import static io.queuemgr.control.ControlChecks.retryable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What an operator does to a task: cancel, pause or resume it, run it again once it ended, or remove it.
 * <p>
 * A request is checked against the task as the caller saw it, and again, when its change is made, against the task as
 * it is then: the task may have moved on meanwhile (finished while a cancel was on its way). A change that no longer
 * fits is refused with 409 rather than written over the newer state. Changes to one task on this instance are made
 * one after the other ({@link TaskTurns}).
 */
@Singleton
public class TaskControl {

    /** Acks arrive on the producer's network thread; changes and answers continue on a worker thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final TaskStatusPublisher publisher;
    private final TaskRegistry registry;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final ExecutorRegistry executors;
    private final Clock clock;
    private final TaskTurns turns = new TaskTurns(WORKERS);

    public TaskControl(TaskStatusPublisher publisher, TaskRegistry registry, Topics topics, ObjectMapper mapper,
            ExecutorRegistry executors, Clock clock) {
        this.executors = executors;
        this.clock = clock;
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
        retryable(seen);
        return inTurn(seen, () -> publisher.publishWaiting(retryable(latest(seen)).requeue(clock.instant())));
    }

    /**
     * Cancels a task. One that waits or is paused is CANCELLED at once and never starts; for a running one the
     * command goes to every instance and the one running it stops it for real and ends it CANCELLED. Answers with
     * the task as it is once Kafka holds the command.
     */
    public Uni<Task> cancel(Task seen) {
        cancellable(seen);
        byte[] command = command(new ControlCommand.Cancel(seen, clock.instant()));
        return inTurn(seen, () -> send(seen, command).thenComposeAsync(ok -> {
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
        pausable(seen, executors.find(seen.type()).map(e -> e.canPause(seen.type())).orElse(false));
        if (seen.status().isPaused()) {
            return Uni.createFrom().item(seen);
        }
        byte[] command = command(new ControlCommand.Pause(seen, clock.instant()));
        // The command first: the instance about to start the task sets it aside even before the snapshot arrives.
        return inTurn(seen, () -> send(seen, command).thenComposeAsync(ok -> {
            Task task = latest(seen);
            // Running or paused meanwhile: nothing to write here. Finished meanwhile: pause() refuses (409).
            return task.status().isExecuting() || task.status().isPaused()
                    ? CompletableFuture.completedFuture(task)
                    : publisher.publishAsync(task.pause(clock.instant()));
        }, WORKERS));
    }

    /**
     * Resumes a PAUSED task. A stopped process is continued (SIGCONT) by the instance that holds it; a held-back
     * waiting task is queued again, behind its retry delay if that has not passed yet.
     */
    public Uni<Task> resume(Task seen) {
        resumable(seen);
        return inTurn(seen, () -> {
            Task task = resumable(latest(seen));
            if (task.holdsProcess()) {
                return send(task, command(new ControlCommand.Resume(task, clock.instant()))).thenApply(ok -> task);
            }
            return publisher.publishWaiting(task.resume(clock.instant()));
        });
    }

    /** Removes a finished task from every instance's registry; its history row stays in PostgreSQL. */
    public Uni<Void> discard(Task seen) {
        discardable(seen);
        return inTurn(seen, () -> {
            discardable(latest(seen));
            return publisher.tombstone(seen.id()).thenApply(ok -> seen);
        }).replaceWithVoid();
    }

    /** The task as this instance holds it now; the snapshot the caller saw if it has left the registry. */
    private Task latest(Task seen) {
        return registry.get(seen.id()).orElse(seen);
    }

    private Uni<Task> inTurn(Task task, Supplier<CompletableFuture<Task>> change) {
        return turns.inTurn(task.id(), change);
    }

    /** Broadcasts a command on the control topic, keyed by the task. */
    private CompletableFuture<Void> send(Task task, byte[] command) {
        return publisher.send(topics.taskControl(), task.id().toString(), command);
    }

    private byte[] command(ControlCommand command) {
        try {
            return mapper.writeValueAsBytes(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
