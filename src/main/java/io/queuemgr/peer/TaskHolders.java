package io.queuemgr.peer;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.dispatch.DispatchMembers;
import io.queuemgr.error.ApiException;
import io.queuemgr.registry.HeldPartitions;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * With split holding, the instances that hold the tasks this one does not: the other members of the dispatch group,
 * at the addresses they advertise. A read of a task not held here is asked of all of them at once, a change is sent
 * to the one that holds the task, and a listing gathers every holder's page. Requests between instances carry the
 * caller's own credential, which the holder checks again, and {@value #SCOPE}: {@value #THIS_INSTANCE}, so that the
 * holder answers from its own registry and never asks further.
 */
@ApplicationScoped
public class TaskHolders {

    /** The request header that asks an instance to answer from its own registry only. */
    public static final String SCOPE = "Queuemgr-Scope";
    public static final String THIS_INSTANCE = "instance";
    /** How long the group's members are taken as known: a rebalance is seen within this. */
    private static final long MEMBERS_FRESH_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int TIMEOUT_MS = 5_000;

    /** A peer, and the base address of its API. */
    public record Peer(String id, URI address) {
    }

    /** What a peer answered. */
    public record Answer(Peer from, int status, String contentType, byte[] body) {
    }

    /** The answers of the peers that answered, and the ids of those that did not (unreachable, or no address). */
    public record Gathered(List<Answer> answers, List<String> unanswered) {

        /** The first answer with this status. */
        public Optional<Answer> first(int status) {
            return answers.stream().filter(a -> a.status() == status).findFirst();
        }
    }

    private record Members(long at, List<DispatchMembers.Member> list) {
    }

    private final HeldPartitions held;
    private final DispatchMembers members;
    private final PeerAddresses addresses;
    private final WebClient client;
    private volatile Members known;

    public TaskHolders(HeldPartitions held, DispatchMembers members, PeerAddresses addresses, Vertx vertx) {
        this.held = held;
        this.members = members;
        this.addresses = addresses;
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("queuemgr-peer")
                .setConnectTimeout(TIMEOUT_MS).setMaxPoolSize(16).setKeepAlive(true).setFollowRedirects(false));
    }

    /**
     * Whether a request with this {@value #SCOPE} header is answered with the other holders' tasks too: when this
     * instance holds only its share, and the request is not a peer's.
     */
    public boolean routes(String scope) {
        return held.split() && !THIS_INSTANCE.equalsIgnoreCase(scope);
    }

    /** Sends the same GET to every peer at once (path with its query, from the API's root) and waits for all. */
    public Uni<Gathered> askAll(String pathAndQuery, String authorization) {
        return peers().flatMap(peers -> {
            List<String> unanswered = new ArrayList<>();
            List<Uni<Answer>> asks = new ArrayList<>();
            for (DispatchMembers.Member m : peers) {
                Optional<URI> address = addresses.of(m.id());
                if (address.isEmpty()) {
                    unanswered.add(m.id());
                } else {
                    Peer peer = new Peer(m.id(), address.get());
                    asks.add(send(peer, HttpMethod.GET, pathAndQuery, authorization, null, null).onFailure()
                            .recoverWithItem(() -> new Answer(peer, 0, null, null)));
                }
            }
            if (asks.isEmpty()) {
                return Uni.createFrom().item(new Gathered(List.of(), List.copyOf(unanswered)));
            }
            return Uni.join().all(asks).andFailFast().map(all -> {
                List<Answer> answered = new ArrayList<>();
                for (Answer a : all) {
                    // Not reached, failing, or refusing the credential (a token made a moment ago, not loaded there yet).
                    if (a.status() == 0 || a.status() >= 500 || a.status() == 401 || a.status() == 403) {
                        unanswered.add(a.from().id());
                    } else {
                        answered.add(a);
                    }
                }
                return new Gathered(List.copyOf(answered), List.copyOf(unanswered));
            });
        });
    }

    /** Sends a request to one peer, as the caller sent it here; a peer that does not answer fails it. */
    public Uni<Answer> send(Peer peer, HttpMethod method, String pathAndQuery, String authorization,
            String contentType, byte[] body) {
        HttpRequest<Buffer> request = client.requestAbs(method, at(peer.address(), pathAndQuery))
                .timeout(TIMEOUT_MS).putHeader(SCOPE, THIS_INSTANCE);
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        var sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
        return sent.map(r -> new Answer(peer, r.statusCode(), r.getHeader("Content-Type"),
                r.body() == null ? new byte[0] : r.body().getBytes()));
    }

    /** The address below the peer's base address (which may have a path of its own). */
    static String at(URI base, String pathAndQuery) {
        String root = base.toString();
        return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + pathAndQuery;
    }

    /** The other members of the dispatch group, as the broker said at most a second ago. */
    private Uni<List<DispatchMembers.Member>> peers() {
        Members now = known;
        if (now != null && System.nanoTime() - now.at() < MEMBERS_FRESH_NANOS) {
            return Uni.createFrom().item(now.list());
        }
        return members.now().map(list -> list.stream().filter(m -> !m.self()).toList())
                .invoke(list -> known = new Members(System.nanoTime(), list))
                .onFailure().transform(e -> new ApiException(503, "peer-unavailable", "Service unavailable",
                        "This instance holds only its share of the tasks, and the Kafka brokers did not say which "
                                + "instances hold the others: " + e.getMessage(),
                        List.of()));
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
