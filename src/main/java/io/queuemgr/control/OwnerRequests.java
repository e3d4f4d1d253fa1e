package io.queuemgr.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.dispatch.ControlReplies;
import io.queuemgr.dispatch.ControlReply;
import io.queuemgr.error.ApiException;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;

/**
 * Requests to the instance that owns a task's queue, sent on the control topic: sent again every
 * {@code resend-interval} until the owner replies (the queue may be moving between instances; the owner answers a
 * repeat with the same reply), and answered 503 when no reply comes within {@code reply-timeout}.
 */
@Singleton
class OwnerRequests {

    private static final Logger LOG = Logger.getLogger(OwnerRequests.class);

    private final ControlReplies replies;
    private final KafkaClients clients;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final TaskRegistry registry;
    private final TaskCodec codec;
    private final Duration timeout;
    private final Duration resend;

    OwnerRequests(ControlReplies replies, KafkaClients clients, Topics topics, ObjectMapper mapper,
            TaskRegistry registry, TaskCodec codec, QueuemgrConfig config) {
        this.replies = replies;
        this.clients = clients;
        this.topics = topics;
        this.mapper = mapper;
        this.registry = registry;
        this.codec = codec;
        this.timeout = config.control().replyTimeout();
        this.resend = config.control().resendInterval();
    }

    /**
     * Asks the owner and answers what it answered: the task as it is after the change, taken into this registry too
     * so that the caller reading it here next sees its change; or the owner's refusal, thrown as the owner threw it.
     */
    CompletableFuture<Task> ask(ControlCommand request) {
        CompletableFuture<ControlReply> reply = replies.await(request.requestId());
        sendUntilAnswered(request, encode(request), reply);
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((answered, error) -> {
            if (error != null) {
                throw new ApiException(503, "queue-owner-unavailable", "Service unavailable", "The instance that "
                        + "owns queue " + request.queue() + " did not answer; try again", List.of());
            }
            return answered.answer();
        }).thenCompose(task -> taken(request, task, System.nanoTime() + timeout.toNanos()));
    }

    /** Send again until answered; {@link #ask}'s timeout ends the reply's wait, and with it the sending. */
    private void sendUntilAnswered(ControlCommand request, byte[] value, CompletableFuture<ControlReply> reply) {
        if (reply.isDone()) {
            return;
        }
        clients.send(topics.taskControl(), request.taskId().toString(), value).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.debugf("Request %s was not sent: %s", request.requestId(), error.getMessage());
            }
        });
        CompletableFuture.delayedExecutor(resend.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> sendUntilAnswered(request, value, reply));
    }

    /**
     * The answer, once this registry holds it: a new snapshot is taken at once (a later copy read from the status topic
     * is skipped by its version); a removed task is awaited until this instance's reader took the tombstone, since
     * taking it out earlier would let an older snapshot the reader had not reached yet put it back.
     */
    private CompletableFuture<Task> taken(ControlCommand request, Task task, long deadline) {
        if (!(request instanceof ControlCommand.Discard)) {
            registry.apply(task, codec.encode(task));
            return CompletableFuture.completedFuture(task);
        }
        if (!registry.contains(task.id()) || System.nanoTime() > deadline) {
            return CompletableFuture.completedFuture(task);
        }
        return CompletableFuture.supplyAsync(() -> task, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS))
                .thenCompose(t -> taken(request, t, deadline));
    }

    private byte[] encode(ControlCommand request) {
        try {
            return mapper.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
