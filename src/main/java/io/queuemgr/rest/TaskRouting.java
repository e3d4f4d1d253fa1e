package io.queuemgr.rest;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.peer.ClusterTasks;
import io.queuemgr.peer.TaskHolders;
import io.queuemgr.rest.TaskResource.TaskPage;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The task endpoints' side of split holding: a task this instance does not hold is asked of the instances that
 * hold the others ({@link TaskHolders}), a change to it is sent to its holder, and a listing merges every holder's
 * page. Nothing here runs when this instance holds every task, or when the request is a peer's.
 */
@ApplicationScoped
class TaskRouting {

    private static final Logger LOG = Logger.getLogger(TaskRouting.class);

    private final TaskHolders holders;
    private final HttpServerRequest request;
    private final ObjectMapper mapper;

    TaskRouting(TaskHolders holders, HttpServerRequest request, ObjectMapper mapper) {
        this.holders = holders;
        this.request = request;
        this.mapper = mapper;
    }

    /** Whether this request is answered with the tasks the other instances hold too: split, and not a peer's. */
    boolean applies() {
        return holders.split() && !onlyHere();
    }

    /** Whether this request asks for what this instance's registry holds, and nothing else (a peer's request). */
    boolean onlyHere() {
        return TaskHolders.THIS_INSTANCE.equalsIgnoreCase(request.getHeader(TaskHolders.SCOPE));
    }

    /** The task as its holder has it; empty when no peer holds it. */
    Uni<Found> find(UUID id) {
        return holders.sight(id, authorization()).map(seen -> new Found(seen.task(), seen.unanswered()));
    }

    /** What the peers said about one task: the task, if one held it, and who did not answer. */
    record Found(Optional<Task> task, List<String> unanswered) {

        /** A refusal for a task no peer held: 503 when some did not answer (it may be theirs), else 404. */
        ApiException missing(String id) {
            return unanswered.isEmpty()
                    ? TaskLookup.notFound(id)
                    : TaskHolders.unavailable(
                            "Task " + id + " is not held by this instance or by the instances that answered; "
                                    + "it may be held by " + unanswered + ", which did not answer");
        }
    }

    /**
     * This request, sent as it is to the instance that holds the task, and its answer relayed; {@code here} when the
     * task is held here or nothing is routed.
     */
    Uni<Response> atHolder(UUID id, boolean heldHere, Supplier<Uni<Response>> here) {
        return atHolder(id, heldHere, null, here);
    }

    /** The same for a request with a body, sent on as it came. */
    Uni<Response> atHolder(UUID id, boolean heldHere, byte[] body, Supplier<Uni<Response>> here) {
        if (heldHere || !applies()) {
            return Uni.createFrom().deferred(here::get);
        }
        Forward forward = new Forward(body);
        return holders.sight(id, forward.authorization).flatMap(seen -> {
            if (seen.holder().isEmpty()) {
                throw new Found(Optional.empty(), seen.unanswered()).missing(id.toString());
            }
            return forward.to(seen.holder().get(), "The instance that holds task " + id);
        });
    }

    /**
     * This request, answered here when this instance holds the queue's tasks or nothing is routed, else sent as it is
     * to the instance that dispatches the queue and its answer relayed. While this instance is still reading the
     * queues just given to it, a queue it holds is answered with 503: its tasks may not all be read yet.
     */
    Uni<Response> atQueueHolder(String queue, Supplier<Uni<Response>> here) {
        return atQueueHolder(queue, null, here);
    }

    /** The same for a request with a body, sent on as it came. */
    Uni<Response> atQueueHolder(String queue, byte[] body, Supplier<Uni<Response>> here) {
        if (!holders.split()) {
            return Uni.createFrom().deferred(here::get);
        }
        if (holders.holdsQueue(queue)) {
            if (holders.taking()) {
                throw TaskHolders
                        .unavailable("This instance is reading the tasks of the queues just given to it, queue " + queue
                                + " among them; ask again in a few seconds");
            }
            return Uni.createFrom().deferred(here::get);
        }
        if (onlyHere()) {
            return Uni.createFrom().deferred(here::get);
        }
        return atDispatcher(queue, body);
    }

    /** This request sent as it is to the instance that dispatches the queue, and its answer relayed. */
    Uni<Response> atDispatcher(String queue, byte[] body) {
        Forward forward = new Forward(body);
        return holders.dispatcherOf(queue).flatMap(peer -> {
            if (peer.isEmpty()) {
                throw TaskHolders.unavailable("Queue " + queue + " is moving between instances and no instance holds "
                        + "its tasks right now; ask again in a few seconds");
            }
            return forward.to(peer.get(), "The instance that holds the tasks of queue " + queue);
        });
    }

    /**
     * This request as it came, to send on to a peer: read on the request's thread, since the peers' answers arrive on
     * the HTTP client's.
     */
    private final class Forward {
        final String authorization = authorization();
        final HttpMethod method = request.method();
        final String uri = request.uri();
        final Map<String, String> headers = new HashMap<>();
        final byte[] body;

        Forward(byte[] body) {
            this.body = body;
            TaskHolders.FORWARDED.forEach(h -> {
                if (request.getHeader(h) != null) {
                    headers.put(h, request.getHeader(h));
                }
            });
        }

        /** Sent to the peer; its answer relayed as this instance's, or 503 naming it when it does not answer. */
        Uni<Response> to(TaskHolders.Peer peer, String who) {
            return holders.send(peer, method, uri, headers, body).onFailure()
                    .transform(e -> notAnswering(peer, who, e)).map(TaskRouting::relayed);
        }
    }

    /**
     * A peer's answer as this instance's: its status, body and the headers a caller acts on; a {@code Location} as
     * its path alone, which this instance's own address then completes (the peer's is not the caller's to use).
     */
    private static Response relayed(TaskHolders.Answer a) {
        var relayed = Response.status(a.status()).entity(a.body());
        a.headers().forEach((name, value) -> relayed.header(name, "Location".equals(name) ? pathOf(value) : value));
        return (a.contentType() == null ? relayed : relayed.type(a.contentType())).build();
    }

    /**
     * A listing of every holder: this instance's page merged with the pages the peers give for the same query, newest
     * first, a task held twice (while a partition moves) once at its highest version, cut at {@code limit}.
     */
    Uni<TaskPage> gather(TaskPage local, int limit) {
        return fromPeers(TaskPage.class).map(p -> {
            List<List<Task>> pages = new ArrayList<>();
            p.answers().forEach(page -> pages.add(page.items()));
            pages.add(local.items());
            return merged(pages, limit, p.unanswered());
        });
    }

    /**
     * Every peer's answer to this same request, read as the type (on a worker thread, not on the HTTP client's event
     * loop), and the instances whose tasks the answers lack: those that did not answer or answered what cannot be
     * read, and those {@link TaskHolders#askAll} names.
     */
    <T> Uni<FromPeers<T>> fromPeers(Class<T> type) {
        return holders.askAll(request.uri(), authorization()).emitOn(Infrastructure.getDefaultWorkerPool()).map(g -> {
            List<T> answers = new ArrayList<>();
            List<String> unanswered = new ArrayList<>(g.unanswered());
            for (TaskHolders.Answer a : g.answers()) {
                if (a.status() == 200) {
                    readOrNote(a, type, unanswered).ifPresent(answers::add);
                } else {
                    unanswered.add(a.from().id());
                }
            }
            return new FromPeers<>(answers, List.copyOf(unanswered));
        });
    }

    /** The peers' answers to one request, and who did not answer. */
    record FromPeers<T>(List<T> answers, List<String> unanswered) {
    }

    /** The path and query of a location, absolute or not. */
    static String pathOf(String location) {
        try {
            URI uri = URI.create(location);
            if (uri.getRawPath() == null) {
                return location;
            }
            return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return location;
        }
    }

    /** Pages of several holders as one: newest first, each task once at its highest version, cut at the limit. */
    static TaskPage merged(List<List<Task>> pages, int limit, List<String> unanswered) {
        List<Task> items = ClusterTasks.newestFirst(pages, limit);
        return new TaskPage(items, items.size() == limit ? items.get(items.size() - 1).id().toString() : null,
                unanswered);
    }

    private String authorization() {
        return request.getHeader("Authorization");
    }

    /** The peer's answer read as the type; empty, and the peer noted as unanswered, when it cannot be read. */
    private <T> Optional<T> readOrNote(TaskHolders.Answer a, Class<T> type, List<String> unanswered) {
        try {
            return Optional.of(mapper.readValue(a.body(), type));
        } catch (IOException e) {
            LOG.warnf("Instance %s gave an answer this one cannot read: %s", a.from().id(), e.getMessage());
            unanswered.add(a.from().id());
            return Optional.empty();
        }
    }

    /** The refusal when a peer does not answer: its id for the caller, the cause (with its address) in the log. */
    private static ApiException notAnswering(TaskHolders.Peer peer, String who, Throwable e) {
        LOG.warnf("%s did not answer at %s: %s", peer.id(), peer.address(), e.getMessage());
        return TaskHolders.unavailable(who + " (" + peer.id() + ") did not answer");
    }
}
