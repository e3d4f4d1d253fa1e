package io.queuemgr.peer;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.dispatch.DispatchMembers;
import io.queuemgr.error.ApiException;
import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.messaging.Topics;
import io.queuemgr.peer.PeerClient.Answer;
import io.queuemgr.peer.PeerClient.Peer;
import io.queuemgr.registry.HeldPartitions;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/**
 * With split holding, the instances that hold the tasks this one does not: the other members of the dispatch group,
 * at the addresses they advertise. A read of a task not held here is asked of all of them at once, a change is sent
 * to the one that holds the task, and a listing gathers every holder's page. Requests between instances carry the
 * caller's own credential, which the holder checks again, and {@value PeerClient#SCOPE}: {@value PeerClient#THIS_INSTANCE}, so that the
 * holder answers from its own registry and never asks further.
 */
@ApplicationScoped
public class TaskHolders {

    private static final Logger LOG = Logger.getLogger(TaskHolders.class);

    /** Named among the unanswered while some work partition has no member: its queues' tasks are held by none. */
    public static final String REBALANCING = "rebalancing";
    /** How long the group's members are taken as known: a rebalance is seen within this. */
    private static final long MEMBERS_FRESH_NANOS = Duration.ofSeconds(1).toNanos();

    /** The answers of the peers that answered, and the ids of those that did not (unreachable, or no address). */
    public record Gathered(List<Answer> answers, List<String> unanswered) {
    }

    private record Members(long at, List<DispatchMembers.Member> list) {
    }

    private final HeldPartitions held;
    private final DispatchMembers members;
    private final PeerAddresses addresses;
    private final QueuePartitions partitions;
    private final String statusTopic;
    private final PeerClient client;
    private final ObjectMapper mapper;
    private volatile Members known;

    public TaskHolders(HeldPartitions held, DispatchMembers members, PeerAddresses addresses,
            QueuePartitions partitions, Topics topics, PeerClient client, ObjectMapper mapper) {
        this.mapper = mapper;
        this.partitions = partitions;
        this.statusTopic = topics.taskStatus();
        this.held = held;
        this.members = members;
        this.addresses = addresses;
        this.client = client;
    }

    /** Whether this instance holds only its share of the tasks. */
    public boolean split() {
        return held.split();
    }

    /**
     * Whether this instance dispatches the queue now, not only holds its tasks for a while after the queue moved
     * away: the share of the figures it gives another instance, which the queue's new holder counts too.
     */
    public boolean dispatchesQueue(String queue) {
        return held.dispatchesQueue(queue);
    }

    /** Whether a keyed submission for the queue may be made here: its tasks are held, and all of them read. */
    public boolean makesKeyedFor(String queue) {
        return !held.split() || held.dispatchesQueue(queue) && held.holdsQueue(queue) && !held.taking();
    }

    /** Whether this instance holds the queue's tasks (every queue's, unless it holds only its share). */
    public boolean holdsQueue(String queue) {
        return held.holdsQueue(queue);
    }

    /**
     * The other instance that dispatches the queue, which holds its tasks; empty while no member owns its partition
     * (the group is rebalancing) or the member has not said where it is.
     */
    public Uni<Optional<Peer>> dispatcherOf(String queue) {
        Integer partition = partitions.of(statusTopic, queue);
        return members().map(list -> list.stream()
                .filter(m -> !m.self() && partition != null && m.partitions().contains(partition))
                .findFirst().flatMap(m -> addresses.of(m.id()).map(a -> new Peer(m.id(), a))));
    }

    /**
     * Sends the same GET to every peer at once (path with its query, from the API's root) and waits for all. The
     * instances whose tasks the answers may lack are named: peers that did not answer, peers and this instance while
     * they read the partitions just given to them, and {@value #REBALANCING} while some partition has no member.
     */
    public Uni<Gathered> askAll(String pathAndQuery, String authorization) {
        return members().flatMap(all -> {
            List<String> unanswered = new ArrayList<>();
            if (!covered(all)) {
                unanswered.add(REBALANCING);
            }
            List<Uni<Answer>> asks = new ArrayList<>();
            for (DispatchMembers.Member m : all) {
                Optional<URI> address = addresses.of(m.id());
                if (m.self()) {
                    if (held.taking()) {
                        unanswered.add(m.id());
                    }
                } else if (address.isEmpty()) {
                    unanswered.add(m.id());
                } else {
                    Peer peer = new Peer(m.id(), address.get());
                    Map<String, String> headers = authorization == null
                            ? Map.of()
                            : Map.of("Authorization", authorization);
                    asks.add(client.send(peer, HttpMethod.GET, pathAndQuery, headers, null).onFailure()
                            .recoverWithItem(() -> new Answer(peer, 0, null, null, false, false, Map.of())));
                }
            }
            if (asks.isEmpty()) {
                return Uni.createFrom().item(new Gathered(List.of(), List.copyOf(unanswered)));
            }
            return Uni.join().all(asks).andFailFast().map(answers -> {
                List<Answer> answered = new ArrayList<>();
                for (Answer a : answers) {
                    // Not reached, failing, or refusing the credential (a token made a moment ago, not loaded there yet).
                    if (a.status() == 0 || a.status() >= 500 || a.status() == 401 || a.status() == 403) {
                        unanswered.add(a.from().id());
                    } else {
                        if (a.taking()) {
                            unanswered.add(a.from().id());
                        }
                        answered.add(a);
                    }
                }
                return new Gathered(List.copyOf(answered), List.copyOf(unanswered));
            });
        });
    }

    /** One task as the peers hold it, asked on this instance's own behalf (its {@link PeerAddresses#credential}). */
    public Uni<Sighting> sight(UUID id) {
        return sight(id, addresses.credential().orElse(null));
    }

    /**
     * One task as the peers hold it, asked with this credential: the highest version any of them holds (two hold a
     * task for a moment while its queue moves, the one it moves to a newer version once it has run there), who holds
     * it, and the instances that did not answer or answered what cannot be read. A task no peer holds, but one made
     * a moment ago by a peer for a queue another holds ({@link PeerClient#IN_TRANSIT}), is given apart.
     */
    public Uni<Sighting> sight(UUID id, String authorization) {
        return askAll("/api/tasks/" + id, authorization).map(g -> {
            List<String> unanswered = new ArrayList<>(g.unanswered());
            Task newest = null;
            Task made = null;
            Peer holder = null;
            for (Answer a : g.answers()) {
                if (a.status() == 200) {
                    try {
                        Task t = mapper.readValue(a.body(), Task.class);
                        if (a.inTransit()) {
                            made = t;
                        } else if (newest == null || t.version() > newest.version()) {
                            newest = t;
                            holder = a.from();
                        }
                    } catch (IOException e) {
                        LOG.warnf("Instance %s gave an answer this one cannot read: %s", a.from().id(), e.getMessage());
                        unanswered.add(a.from().id());
                    }
                }
            }
            return new Sighting(Optional.ofNullable(newest), Optional.ofNullable(holder), List.copyOf(unanswered),
                    Optional.ofNullable(made));
        });
    }

    /**
     * What the peers said of one task: the task and its holder, if one holds it, who did not answer, and the task as a
     * peer made it a moment ago, if one did and says its holder may not have read it yet.
     */
    public record Sighting(Optional<Task> task, Optional<Peer> holder, List<String> unanswered,
            Optional<Task> inTransit) {
    }

    /** Whether every work partition has a member: not so while the group is moving queues between instances. */
    private boolean covered(List<DispatchMembers.Member> all) {
        return covered(all, partitions.count(statusTopic));
    }

    /** Whether each of the partitions 0 to count - 1 has a member. */
    static boolean covered(List<DispatchMembers.Member> all, int count) {
        Set<Integer> owned = all.stream().flatMap(m -> m.partitions().stream()).collect(Collectors.toSet());
        return IntStream.range(0, count).allMatch(owned::contains);
    }

    /** The members of the dispatch group, as the broker said at most a second ago. */
    private Uni<List<DispatchMembers.Member>> members() {
        Members now = known;
        if (now != null && System.nanoTime() - now.at() < MEMBERS_FRESH_NANOS) {
            return Uni.createFrom().item(now.list());
        }
        return members.now().invoke(list -> known = new Members(System.nanoTime(), list))
                .onFailure().transform(e -> unavailable("This instance holds only its share of the tasks, and the "
                        + "Kafka brokers did not say which instances hold the others: " + e.getMessage()));
    }

    /** The refusal of a read or change that needs another instance, or a queue's tasks, not at hand now: 503. */
    public static ApiException unavailable(String detail) {
        return new ApiException(503, "peer-unavailable", "Service unavailable", detail, List.of());
    }

    /** Whether this instance is reading partitions just given to it, and so lacks some of its queues' tasks. */
    public boolean taking() {
        return held.taking();
    }

}
