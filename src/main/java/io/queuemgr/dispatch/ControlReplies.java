package io.queuemgr.dispatch;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/** Requests this instance sent to the owner of a queue, waiting for the owner's reply on the control topic. */
@Singleton
public class ControlReplies {

    private final Map<UUID, CompletableFuture<ControlReply>> waiting = new ConcurrentHashMap<>();

    /** The reply to the request, once it arrives; forgotten once completed (or failed, e.g. by a timeout). */
    public CompletableFuture<ControlReply> await(UUID requestId) {
        CompletableFuture<ControlReply> reply = new CompletableFuture<>();
        waiting.put(requestId, reply);
        reply.whenComplete((r, e) -> waiting.remove(requestId, reply));
        return reply;
    }

    /** A reply read on the control topic; one to a request of another instance, or a repeat, is ignored. */
    void take(ControlReply reply) {
        CompletableFuture<ControlReply> waiter = waiting.get(reply.requestId());
        if (waiter != null) {
            waiter.complete(reply);
        }
    }
}
