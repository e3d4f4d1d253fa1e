package io.queuemgr.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.QueueOwnership;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.task.ControlCommand;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Requests on the control topic for the queues this instance owns: each is carried out once by {@link OwnerControl}
 * and answered with a {@link ControlReply}. A repeat of a request (the requester sends again until it has a reply) is
 * answered with the same reply, and a request this instance serves itself is skipped when it reads it back.
 */
@Singleton
public class OwnerInbox {

    private static final Logger LOG = Logger.getLogger(OwnerInbox.class);
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();
    /** Requests remembered, so that a repeat gets the same reply; far more than arrive within a reply timeout. */
    private static final int REMEMBERED = 10_000;
    /** How long a request for a task this registry has not caught up with yet waits for it. */
    private static final long CATCH_UP_MS = 2_000;
    private static final long CATCH_UP_STEP_MS = 20;
    /** Marks a request this instance serves itself: it needs no reply. */
    private static final CompletableFuture<ControlReply> LOCAL = new CompletableFuture<>();

    private final OwnerControl owner;
    private final QueueOwnership ownership;
    private final TaskRegistry registry;
    private final KafkaClients clients;
    private final Topics topics;
    private final ObjectMapper mapper;
    private final Map<UUID, CompletableFuture<ControlReply>> recent = Collections
            .synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, CompletableFuture<ControlReply>> eldest) {
                    return size() > REMEMBERED;
                }
            });

    public OwnerInbox(OwnerControl owner, QueueOwnership ownership, TaskRegistry registry,
            KafkaClients clients, Topics topics, ObjectMapper mapper) {
        this.owner = owner;
        this.ownership = ownership;
        this.registry = registry;
        this.clients = clients;
        this.topics = topics;
        this.mapper = mapper;
    }

    /** A request this instance carries out itself: reading it back on the control topic does nothing. */
    public void servedHere(UUID requestId) {
        recent.put(requestId, LOCAL);
    }

    /**
     * Takes a command read on the control topic if it is a request for this instance: one it serves itself, or one
     * for a queue it owns. Answers false for anything else, which is for the runner ({@link RunningTasks#apply}).
     */
    boolean take(ControlCommand request) {
        UUID id = request.requestId();
        if (id == null) {
            return false;
        }
        CompletableFuture<ControlReply> reply;
        boolean first = false;
        synchronized (recent) {
            reply = recent.get(id);
            if (reply == LOCAL) {
                return true;
            }
            if (!ownership.ownsQueue(request.queue())) {
                return false;
            }
            if (reply == null) {
                reply = new CompletableFuture<>();
                recent.put(id, reply);
                first = true;
            }
        }
        if (first) {
            CompletableFuture<ControlReply> answer = reply;
            caughtUp(request, CATCH_UP_MS / CATCH_UP_STEP_MS)
                    .thenCompose(ok -> owner.carryOut(request, null))
                    .handle((task, error) -> ControlReply.of(id, request.taskId(), task, error))
                    .thenAccept(answer::complete);
        }
        reply.thenAccept(this::send);
        return true;
    }

    /** Completes once this registry holds the task at the version the requester saw, or after a while anyway. */
    private CompletableFuture<Void> caughtUp(ControlCommand request, long steps) {
        if (steps <= 0 || registry.versionOf(request.taskId()) >= request.version()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
        }, CompletableFuture.delayedExecutor(CATCH_UP_STEP_MS, TimeUnit.MILLISECONDS, WORKERS))
                .thenCompose(ok -> caughtUp(request, steps - 1));
    }

    private void send(ControlReply reply) {
        byte[] value;
        try {
            value = mapper.writeValueAsBytes(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clients.send(topics.taskControl(), reply.taskId().toString(), value).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warnf("The reply to request %s was not sent: %s", reply.requestId(), error.getMessage());
            }
        });
    }
}
