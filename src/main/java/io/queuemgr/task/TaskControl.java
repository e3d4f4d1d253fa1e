package io.queuemgr.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.kafka.Topics;
import io.queuemgr.registry.TaskStatusPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** What an operator does to a task: cancel, pause or resume it, run it again once it ended, or remove it. */
@Singleton
public class TaskControl {

    private static final Set<TaskStatus> RETRYABLE = EnumSet.of(TaskStatus.FAILED, TaskStatus.CANCELLED,
            TaskStatus.TIMEOUT);
    /** Acks arrive on the producer's network thread; answers continue on a worker thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final TaskStatusPublisher publisher;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final ExecutorRegistry executors;
    private final Clock clock = Clock.systemUTC();

    public TaskControl(TaskStatusPublisher publisher, Topics topics, ObjectMapper mapper, ExecutorRegistry executors) {
        this.executors = executors;
        this.publisher = publisher;
        this.topics = topics;
        this.mapper = mapper;
    }

    /**
     * Runs a FAILED, CANCELLED or TIMEOUT task again with a fresh attempt count: its PENDING snapshot and a work record,
     * answered once Kafka holds both.
     */
    public Uni<Task> retry(Task task) {
        if (!RETRYABLE.contains(task.status())) {
            throw ApiException.conflict("task-not-retryable", "Task " + task.id() + " is " + task.status()
                    + "; only FAILED, CANCELLED and TIMEOUT tasks can run again");
        }
        return Uni.createFrom().completionStage(() -> publisher.publishWaiting(task.requeue(clock.instant())))
                .emitOn(WORKERS);
    }

    /**
     * Cancels a task. A waiting one (PENDING, PAUSED) is CANCELLED at once and never starts; for a running one the
     * command goes to every instance and the one running it stops it for real and ends it CANCELLED. Answers with
     * the task as it is once Kafka holds the command.
     */
    public Uni<Task> cancel(Task task) {
        if (task.status().isFinal()) {
            throw ApiException.conflict("task-finished", "Task " + task.id() + " is " + task.status()
                    + " already; there is nothing to cancel");
        }
        byte[] command = command(ControlCommand.CANCEL, task);
        boolean waiting = task.status() == TaskStatus.PENDING || task.status() == TaskStatus.PAUSED;
        return Uni.createFrom().completionStage(() -> {
            CompletableFuture<Void> sent = publisher.send(topics.taskControl(), task.id().toString(), command);
            if (!waiting) {
                return sent.thenApply(ok -> task);
            }
            return sent.thenCompose(ok -> publisher.publishAsync(task.cancel(clock.instant())));
        }).emitOn(WORKERS);
    }

    /**
     * Pauses a task. A waiting one is PAUSED at once and is not started until resumed; a running one is paused by the
     * instance that runs it (its process tree gets SIGSTOP) where its executor can, and otherwise the call is refused
     * with 409. A task already PAUSED is answered as it is.
     */
    public Uni<Task> pause(Task task) {
        if (task.status().isFinal()) {
            throw ApiException.conflict("task-finished", "Task " + task.id() + " is " + task.status()
                    + " already; there is nothing to pause");
        }
        if (task.status() == TaskStatus.PAUSED) {
            return Uni.createFrom().item(task);
        }
        boolean waiting = task.status() == TaskStatus.PENDING;
        if (!waiting && !executors.find(task.type()).map(e -> e.canPause(task.type())).orElse(false)) {
            throw ApiException.conflict("task-not-pausable", "Task " + task.id() + " is running, and a running '"
                    + task.type() + "' task cannot be paused (only processes can: command and script); cancel it, "
                    + "or let it finish");
        }
        byte[] command = command(ControlCommand.PAUSE, task);
        return Uni.createFrom().completionStage(() -> {
            // The command first: the instance about to start the task sets it aside even before the snapshot arrives.
            CompletableFuture<Void> sent = publisher.send(topics.taskControl(), task.id().toString(), command);
            return waiting
                    ? sent.thenCompose(ok -> publisher.publishAsync(task.pause(clock.instant())))
                    : sent.thenApply(ok -> task);
        }).emitOn(WORKERS);
    }

    /**
     * Resumes a PAUSED task. A stopped process is continued (SIGCONT) by the instance that holds it; a held-back
     * waiting task is queued again, behind its retry delay if that has not passed yet.
     */
    public Uni<Task> resume(Task task) {
        if (task.status() != TaskStatus.PAUSED) {
            throw ApiException.conflict("task-not-paused", "Task " + task.id() + " is " + task.status()
                    + "; only a PAUSED task can be resumed");
        }
        if (task.holdsProcess()) {
            byte[] command = command(ControlCommand.RESUME, task);
            return Uni.createFrom().completionStage(() -> publisher.send(topics.taskControl(), task.id().toString(),
                    command).thenApply(ok -> task)).emitOn(WORKERS);
        }
        Task waiting = task.resume(clock.instant());
        return Uni.createFrom().completionStage(() -> publisher.publishWaiting(waiting)).emitOn(WORKERS);
    }

    private byte[] command(String action, Task task) {
        try {
            return mapper.writeValueAsBytes(new ControlCommand(action, task.id(), task.version(), clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a finished task from every instance's registry; its history row stays in PostgreSQL. */
    public Uni<Void> discard(Task task) {
        if (!task.status().isFinal()) {
            throw ApiException.conflict("task-not-finished", "Task " + task.id() + " is " + task.status()
                    + "; only a finished task can be deleted (cancel it first)");
        }
        return Uni.createFrom().completionStage(() -> publisher.tombstone(task.id())).emitOn(WORKERS);
    }
}
