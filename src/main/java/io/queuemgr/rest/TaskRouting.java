package io.queuemgr.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.peer.TaskHolders;
import io.queuemgr.rest.TaskResource.TaskPage;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The task endpoints' side of split holding: a task this instance does not hold is asked of the instances that
 * hold the others ({@link TaskHolders}), a change to it is sent to its holder, and a listing merges every holder's
 * page. Nothing here runs when this instance holds every task, or when the request is a peer's.
 */
@ApplicationScoped
class TaskRouting {

    private final TaskHolders holders;
    private final HttpServerRequest request;
    private final ObjectMapper mapper;

    TaskRouting(TaskHolders holders, HttpServerRequest request, ObjectMapper mapper) {
        this.holders = holders;
        this.request = request;
        this.mapper = mapper;
    }

    /** Whether this request is answered with the tasks the other instances hold too. */
    boolean applies() {
        return holders.routes(request.getHeader(TaskHolders.SCOPE));
    }

    /** The task as its holder has it; empty when no peer holds it. */
    Uni<Found> find(String id) {
        return holders.askAll("/api/tasks/" + id, authorization()).map(g -> new Found(
                g.first(200).map(a -> read(a.body(), Task.class)), g.unanswered()));
    }

    /** What the peers said about one task: the task, if one held it, and who did not answer. */
    record Found(Optional<Task> task, List<String> unanswered) {

        /** A refusal for a task no peer held: 503 when some did not answer (it may be theirs), else 404. */
        ApiException missing(String id) {
            return unanswered.isEmpty()
                    ? TaskLookup.notFound(id)
                    : unreachable("Task " + id + " is not held by this instance or by the instances that answered; "
                            + "it may be held by " + unanswered + ", which did not answer");
        }
    }

    /**
     * This request, sent as it is to the instance that holds the task, and its answer relayed; {@code here} when the
     * task is held here or nothing is routed.
     */
    Uni<Response> atHolder(UUID id, boolean heldHere, Supplier<Uni<Response>> here) {
        if (heldHere || !applies()) {
            return Uni.createFrom().deferred(here::get);
        }
        // Read now, on the request's thread: the answers below arrive on the client's.
        String authorization = authorization();
        var method = request.method();
        String uri = request.uri();
        String contentType = request.getHeader("Content-Type");
        return holders.askAll("/api/tasks/" + id, authorization).flatMap(g -> {
            var holder = g.first(200);
            if (holder.isEmpty()) {
                throw new Found(Optional.empty(), g.unanswered()).missing(id.toString());
            }
            return holders.send(holder.get().from(), method, uri, authorization, contentType, null).onFailure()
                    .transform(e -> unreachable("The instance that holds task " + id + " ("
                            + holder.get().from().id() + ") did not answer: " + e.getMessage()));
        }).map(a -> {
            var relayed = Response.status(a.status()).entity(a.body());
            return (a.contentType() == null ? relayed : relayed.type(a.contentType())).build();
        });
    }

    /**
     * A listing of every holder: this instance's page merged with the pages the peers give for the same query, newest
     * first, a task held twice (while a partition moves) once at its highest version, cut at {@code limit}.
     */
    Uni<TaskPage> gather(TaskPage local, int limit) {
        return holders.askAll(request.uri(), authorization()).map(g -> {
            List<List<Task>> pages = new ArrayList<>();
            List<String> unanswered = new ArrayList<>(g.unanswered());
            for (TaskHolders.Answer a : g.answers()) {
                if (a.status() == 200) {
                    pages.add(read(a.body(), TaskPage.class).items());
                } else {
                    unanswered.add(a.from().id());
                }
            }
            pages.add(local.items());
            return merged(pages, limit, unanswered);
        });
    }

    /** Pages of several holders as one: newest first, each task once at its highest version, cut at the limit. */
    static TaskPage merged(List<List<Task>> pages, int limit, List<String> unanswered) {
        Map<UUID, Task> byId = new HashMap<>();
        pages.forEach(page -> page.forEach(t -> byId.merge(t.id(), t, (x, y) -> x.version() >= y.version() ? x : y)));
        List<Task> items = byId.values().stream().sorted(Comparator.comparing(Task::id).reversed()).limit(limit)
                .toList();
        return new TaskPage(items, items.size() == limit ? items.get(items.size() - 1).id().toString() : null,
                unanswered);
    }

    private String authorization() {
        return request.getHeader("Authorization");
    }

    private <T> T read(byte[] body, Class<T> type) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw unreachable("An instance gave an answer this one cannot read: " + e.getMessage());
        }
    }

    private static ApiException unreachable(String detail) {
        return new ApiException(503, "peer-unavailable", "Service unavailable", detail, List.of());
    }
}
