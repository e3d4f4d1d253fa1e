package io.queuemgr.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.peer.ClusterTasks;
import io.queuemgr.peer.PeerClient;
import io.queuemgr.peer.TaskHolders;
import io.queuemgr.registry.InTransit;
import io.queuemgr.rest.TaskResource.TaskPage;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
    private final PeerClient peers;
    private final InTransit inTransit;
    private final HttpServerRequest request;
    private final ObjectMapper mapper;

    TaskRouting(TaskHolders holders, PeerClient peers, InTransit inTransit, HttpServerRequest request,
            ObjectMapper mapper) {
        this.holders = holders;
        this.peers = peers;
        this.inTransit = inTransit;
        this.request = request;
        this.mapper = mapper;
    }

    /** Whether this request is answered with the tasks the other instances hold too: split, and not a peer's. */
    boolean applies() {
        return holders.split() && !onlyHere();
    }

    /** Whether this request asks for what this instance's registry holds, and nothing else (a peer's request). */
    boolean onlyHere() {
        return PeerClient.THIS_INSTANCE.equalsIgnoreCase(request.getHeader(PeerClient.SCOPE));
    }

    /**
     * The task as its holder has it, or as this instance or a peer made it a moment ago while no holder has read it
     * yet ({@link InTransit}, given apart); empty when none of them knows it.
     */
    Uni<Found> find(UUID id) {
        return holders.sight(id, authorization()).map(seen -> {
            if (seen.holder().isPresent()) {
                inTransit.held(id);
            }
            return new Found(seen.task(), seen.unanswered(), seen.inTransit().or(() -> inTransit.get(id)));
        });
    }

    /**
     * For a peer's read by id: a task this instance made a moment ago for a queue another instance holds, which may
     * not have read it yet; the answer is marked so ({@link PeerClient#IN_TRANSIT}), never to be taken for the
     * holder's.
     */
    Optional<Task> madeHere(UUID id) {
        Optional<Task> made = inTransit.get(id);
        if (made.isPresent()) {
            request.response().putHeader(PeerClient.IN_TRANSIT, "true");
        }
        return made;
    }

    /**
     * What the peers said about one task: the task, if one held it, who did not answer, and the task as it was made a
     * moment ago, if no holder has read it yet.
     */
    record Found(Optional<Task> task, List<String> unanswered, Optional<Task> inTransit) {

        /**
         * The task made a moment ago, when every peer answered and none holds it (one that did not answer may hold a
         * newer version, and a task may finish and leave within the moment: history is read before this).
         */
        Optional<Task> justMade() {
            return unanswered.isEmpty() ? inTransit : Optional.empty();
        }

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
        ForwardedRequest forward = new ForwardedRequest(request, body);
        return holders.sight(id, forward.authorization()).flatMap(seen -> {
            if (seen.holder().isEmpty()) {
                if (seen.unanswered().isEmpty() && (seen.inTransit().isPresent() || inTransit.contains(id))) {
                    throw TaskHolders.unavailable("Task " + id + " was submitted a moment ago, and the instance that "
                            + "holds its queue has not read it yet; ask again in a moment");
                }
                throw new Found(Optional.empty(), seen.unanswered(), Optional.empty()).missing(id.toString());
            }
            inTransit.held(id);
            return forward.to(peers, seen.holder().get(), "The instance that holds task " + id);
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
        ForwardedRequest forward = new ForwardedRequest(request, body);
        return holders.dispatcherOf(queue).flatMap(peer -> {
            if (peer.isEmpty()) {
                throw TaskHolders.unavailable("Queue " + queue + " is moving between instances and no instance holds "
                        + "its tasks right now; ask again in a few seconds");
            }
            return forward.to(peers, peer.get(), "The instance that holds the tasks of queue " + queue);
        });
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
            for (PeerClient.Answer a : g.answers()) {
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
    private <T> Optional<T> readOrNote(PeerClient.Answer a, Class<T> type, List<String> unanswered) {
        try {
            return Optional.of(mapper.readValue(a.body(), type));
        } catch (IOException e) {
            LOG.warnf("Instance %s gave an answer this one cannot read: %s", a.from().id(), e.getMessage());
            unanswered.add(a.from().id());
            return Optional.empty();
        }
    }
}
