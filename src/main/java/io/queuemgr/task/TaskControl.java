package io.queuemgr.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import org.apache.kafka.common.header.internals.RecordHeaders;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.kafka.Topics;
import io.queuemgr.registry.TaskStatusPublisher;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** What an operator does to a task that has ended: run it again, or remove it. */
@Singleton
public class TaskControl {

    private static final Set<TaskStatus> RETRYABLE = EnumSet.of(TaskStatus.FAILED, TaskStatus.CANCELLED,
            TaskStatus.TIMEOUT);
    /** Acks arrive on the producer's network thread; answers continue on a worker thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final TaskStatusPublisher publisher;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public TaskControl(TaskStatusPublisher publisher, Topics topics, ObjectMapper mapper) {
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
        return Uni.createFrom().completionStage(() -> retryAsync(task)).emitOn(WORKERS);
    }

    CompletableFuture<Task> retryAsync(Task task) {
        return publisher.publishAsync(task.requeue(clock.instant()), topics.tasks(), task.queue(),
                new RecordHeaders());
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
        byte[] command;
        try {
            command = mapper.writeValueAsBytes(new ControlCommand(ControlCommand.CANCEL, task.id(), task.version(),
                    clock.instant()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean waiting = task.status() == TaskStatus.PENDING || task.status() == TaskStatus.PAUSED;
        return Uni.createFrom().completionStage(() -> {
            CompletableFuture<Void> sent = publisher.send(topics.taskControl(), task.id().toString(), command);
            if (!waiting) {
                return sent.thenApply(ok -> task);
            }
            return sent.thenCompose(ok -> publisher.publishAsync(task.cancel(clock.instant())));
        }).emitOn(WORKERS);
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
