package io.queuemgr.submission;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.peer.PeerAddresses;
import io.queuemgr.peer.PeerClient;
import io.queuemgr.peer.TaskHolders;
import io.queuemgr.task.Task;
import io.vertx.core.http.HttpMethod;

/**
 * With split holding, a Kafka submission that must be checked against its queue's tasks (a record key, or an id in
 * the record) and whose queue another instance holds is made there: sent, with this instance's own credential, to
 * {@value #PATH} of the instance that dispatches the queue, which makes it as its own intake would. An item of a bulk
 * submission is sent likewise, as {@code POST /api/tasks} with the caller's own credential.
 */
@ApplicationScoped
public class HolderSubmissions {

    public static final String PATH = "/api/peer/kafka-submissions";

    private final TaskHolders holders;
    private final PeerClient peers;
    private final PeerAddresses addresses;
    private final ObjectMapper mapper;

    public HolderSubmissions(TaskHolders holders, PeerClient peers, PeerAddresses addresses, ObjectMapper mapper) {
        this.holders = holders;
        this.peers = peers;
        this.addresses = addresses;
        this.mapper = mapper;
    }

    /**
     * Whether a keyed submission to this queue is made by another instance: the one that dispatches it, not this one
     * if it only still holds the queue's tasks a while after the queue moved.
     */
    boolean elsewhere(String queue) {
        return holders.split() && !holders.dispatchesQueue(queue);
    }

    /**
     * Whether a keyed submission for this queue may be made here: this instance dispatches the queue and has read
     * all its tasks (or holds every task).
     */
    boolean makesHandedOver(String queue) {
        return holders.makesKeyedFor(queue);
    }

    /**
     * The record's value made a task at the queue's holder, or refused there; fails, for the record to be read again,
     * while no instance holds the queue or its holder does not answer.
     */
    CompletableFuture<KafkaOutcome> submit(String queue, byte[] value, String key, UUID derivedId) {
        String query = "?id=" + derivedId
                + (key == null ? "" : "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        return holders.dispatcherOf(queue).flatMap(peer -> {
            if (peer.isEmpty()) {
                throw new IllegalStateException("no instance holds queue " + queue + " now");
            }
            return peers.send(peer.get(), HttpMethod.POST, PATH + query,
                    Map.of("Authorization", addresses.credential().orElse(""), "Content-Type", "application/json"),
                    value);
        }).map(this::outcome).subscribeAsCompletionStage();
    }

    /**
     * One item of a bulk submission made at the queue's holder as {@code POST /api/tasks} with the caller's
     * credential and the item's key: its answer as the item's. Fails while no instance holds the queue or its holder
     * does not answer.
     */
    CompletableFuture<BulkAnswer> submitItem(String queue, byte[] submission, String key, String authorization) {
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("Content-Type", "application/json");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        return holders.dispatcherOf(queue).flatMap(peer -> {
            if (peer.isEmpty()) {
                throw new IllegalStateException("no instance holds queue " + queue + " now");
            }
            return peers.send(peer.get(), HttpMethod.POST, "/api/tasks", headers, submission);
        }).map(this::item).subscribeAsCompletionStage();
    }

    private BulkAnswer item(PeerClient.Answer a) {
        try {
            if (a.status() == 200 || a.status() == 202) {
                Task task = mapper.readValue(a.body(), Task.class);
                return new BulkAnswer.Accepted(a.status(), task.id(), task);
            }
            JsonNode problem = mapper.readTree(a.body());
            String type = problem.path("type").asText();
            return new BulkAnswer.Refused(type, problem.path("title").asText(), a.status(),
                    problem.path("detail").asText(), fieldErrors(problem));
        } catch (IOException e) {
            throw new IllegalStateException("instance " + a.from().id() + " answered " + a.status()
                    + " with what cannot be read: " + e.getMessage());
        }
    }

    private static List<FieldError> fieldErrors(JsonNode problem) {
        List<FieldError> errors = new ArrayList<>();
        problem.path("errors").forEach(e -> errors.add(new FieldError(e.path("field").asText(),
                e.path("message").asText())));
        return errors;
    }

    KafkaOutcome outcome(PeerClient.Answer a) {
        if (a.status() == 200 || a.status() == 202) {
            return new KafkaOutcome.Made();
        }
        // Only a refusal the holder explains is final; anything else (an instance of a version without this route,
        // an error page) is asked again.
        if (a.status() == 400 || a.status() == 413 || a.status() == 422) {
            try {
                JsonNode problem = mapper.readTree(a.body());
                if (!problem.path("type").asText().startsWith("/problems/") || problem.path("detail").asText()
                        .isBlank()) {
                    throw new IllegalStateException("instance " + a.from().id() + " answered " + a.status()
                            + " without saying why");
                }
                return new KafkaOutcome.Refused(problem.path("detail").asText(), fieldErrors(problem));
            } catch (IOException e) {
                throw new IllegalStateException("instance " + a.from().id() + " refused the submission with an "
                        + "answer that cannot be read: " + e.getMessage());
            }
        }
        throw new IllegalStateException("instance " + a.from().id() + " answered " + a.status());
    }
}
