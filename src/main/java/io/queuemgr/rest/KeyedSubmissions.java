package io.queuemgr.rest;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.peer.TaskHolders;
import io.queuemgr.queue.QueueDefinition;
import io.smallrye.mutiny.Uni;

/**
 * With split holding, where a REST submission is made: one with an idempotency key or an id of the caller's by the
 * instance that holds its queue's tasks, which alone can tell a repeat; any other where it arrives.
 */
@ApplicationScoped
class KeyedSubmissions {

    private final TaskRouting routing;
    private final ObjectMapper mapper;

    private final TaskHolders holders;

    KeyedSubmissions(TaskRouting routing, ObjectMapper mapper, TaskHolders holders) {
        this.routing = routing;
        this.mapper = mapper;
        this.holders = holders;
    }

    /**
     * A submission checked against the tasks its queue has (it carries an idempotency key, or an id of the caller's),
     * made by the instance that holds them, so that a repeat finds the task the first made; any other here.
     */
    Uni<Response> submission(byte[] body, String queueFromPath, String idempotencyKey, Supplier<Uni<Response>> here) {
        Optional<String> queue = holders.split()
                ? checkedAgainst(body, queueFromPath, idempotencyKey)
                : Optional.empty();
        if (queue.isEmpty()) {
            return Uni.createFrom().deferred(here::get);
        }
        String q = queue.get();
        if (holders.makesKeyedFor(q)) {
            return Uni.createFrom().deferred(here::get);
        }
        if (routing.onlyHere() || holders.dispatchesQueue(q)) {
            // Sent here as the queue's holder but the queue moved away, or dispatched here but its tasks still being
            // read (or held here a while after it moved): made here, a repeat would not be found. The client repeats
            // the submission once the queue has settled.
            throw TaskHolders.unavailable("Queue " + q + " is moving between instances; submit again in a few "
                    + "seconds");
        }
        // Made by the instance that dispatches the queue, not one that only still holds its tasks after it moved.
        return routing.atDispatcher(q, body);
    }

    /**
     * The queue whose tasks a submission is checked against, when it has a key or an id; empty for one that is not,
     * or whose body is not a JSON object (the submission refuses it wherever it is made).
     */
    private Optional<String> checkedAgainst(byte[] body, String queueFromPath, String idempotencyKey) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        boolean keyed = idempotencyKey != null && !idempotencyKey.isBlank();
        if (root == null || !root.isObject() || !keyed && !root.hasNonNull("id")) {
            return Optional.empty();
        }
        if (queueFromPath != null) {
            return Optional.of(queueFromPath);
        }
        JsonNode queue = root.get("queue");
        return Optional.of(queue == null || queue.isNull() ? QueueDefinition.DEFAULT : queue.asText());
    }

}
