package io.queuemgr.control;

import static io.queuemgr.dispatch.ControlChecks.cancellable;
import static io.queuemgr.dispatch.ControlChecks.discardable;
import static io.queuemgr.dispatch.ControlChecks.pausable;
import static io.queuemgr.dispatch.ControlChecks.resumable;
import static io.queuemgr.dispatch.ControlChecks.retryable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.dispatch.OwnerControl;
import io.queuemgr.dispatch.OwnerInbox;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.QueueOwnership;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What an operator does to a task: cancel, pause or resume it, run it again once it ended, or remove it.
 * <p>
 * A request is checked against the task as the caller saw it, then carried out by the instance that owns the task's
 * queue, the one writer of the task's snapshots: here, when this instance owns it ({@link OwnerControl}); otherwise it
 * goes to the owner on the control topic and the owner's reply is the answer ({@link OwnerRequests}). The owner checks
 * the request again against the task as it is then: the task may have moved on meanwhile (finished while a cancel was
 * on its way). A change that no longer fits is refused with 409 rather than written over the newer state.
 */
@Singleton
public class TaskControl {

    /** Answers continue on a worker thread, never on the producer's network thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final OwnerControl owner;
    private final OwnerInbox inbox;
    private final OwnerRequests remote;
    private final QueueOwnership ownership;
    private final KafkaClients clients;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final ExecutorRegistry executors;
    private final Clock clock;

    TaskControl(OwnerControl owner, OwnerInbox inbox, OwnerRequests remote, QueueOwnership ownership,
            KafkaClients clients, Topics topics, ObjectMapper mapper, ExecutorRegistry executors,
            Clock clock) {
        this.owner = owner;
        this.inbox = inbox;
        this.remote = remote;
        this.ownership = ownership;
        this.clients = clients;
        this.topics = topics;
        this.mapper = mapper;
        this.executors = executors;
        this.clock = clock;
    }

    /**
     * Runs a FAILED, CANCELLED or TIMEOUT task again with a fresh attempt count: its PENDING snapshot and a work record,
     * answered once Kafka holds both.
     */
    public Uni<Task> retry(Task seen) {
        retryable(seen);
        return request(new ControlCommand.Retry(seen, clock.instant(), UUID.randomUUID()), seen);
    }

    /**
     * Cancels a task. One that waits or is paused is CANCELLED at once and never starts; for a running one the
     * command goes to every instance and the one running it stops it for real and ends it CANCELLED. Answers with
     * the task as it is once Kafka holds the command.
     */
    public Uni<Task> cancel(Task seen) {
        cancellable(seen);
        return request(new ControlCommand.Cancel(seen, clock.instant(), UUID.randomUUID()), seen);
    }

    /**
     * Pauses a task. A waiting one is PAUSED at once and is not started until resumed; a running one is paused by the
     * instance that runs it (its process tree gets SIGSTOP) where its executor can, and otherwise the call is refused
     * with 409. A task already PAUSED is answered as it is.
     */
    public Uni<Task> pause(Task seen) {
        pausable(seen, executors.pausable(seen.type()));
        if (seen.status().isPaused()) {
            return Uni.createFrom().item(seen);
        }
        return request(new ControlCommand.Pause(seen, clock.instant(), UUID.randomUUID()), seen);
    }

    /**
     * Resumes a PAUSED task. A stopped process is continued (SIGCONT) by the instance that holds it; a held-back
     * waiting task is queued again, behind its retry delay if that has not passed yet.
     */
    public Uni<Task> resume(Task seen) {
        resumable(seen);
        return request(new ControlCommand.Resume(seen, clock.instant(), UUID.randomUUID()), seen);
    }

    /** Removes a finished task from every instance's registry; its history row stays in PostgreSQL. */
    public Uni<Void> discard(Task seen) {
        discardable(seen);
        return request(new ControlCommand.Discard(seen, clock.instant(), UUID.randomUUID()), seen).replaceWithVoid();
    }

    private Uni<Task> request(ControlCommand request, Task seen) {
        CompletableFuture<Task> answer = ownership.ownsQueue(seen.queue())
                ? locally(request, seen)
                : remote.ask(request);
        return Uni.createFrom().completionStage(answer)
                .onFailure(CompletionException.class).transform(e -> e.getCause() == null ? e : e.getCause())
                .onFailure().transform(BrokerAnswers::of)
                .emitOn(WORKERS);
    }

    /**
     * Carries the request out here, as the queue's owner. A command for a running task goes to every instance first:
     * the one that runs it may be another (a partition moved while it ran); reading it back here does nothing.
     */
    private CompletableFuture<Task> locally(ControlCommand request, Task seen) {
        boolean forRunners = !(request instanceof ControlCommand.Retry || request instanceof ControlCommand.Discard);
        if (!forRunners) {
            return owner.carryOut(request, seen);
        }
        inbox.servedHere(request.requestId());
        return clients.send(topics.taskControl(), request.taskId().toString(), encode(request))
                .thenCompose(ok -> owner.carryOut(request, seen));
    }

    private byte[] encode(ControlCommand command) {
        try {
            return mapper.writeValueAsBytes(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
