package io.queuemgr.peer;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Requests from this instance to another one's API: what travels with them ({@value #SCOPE}: {@value #THIS_INSTANCE},
 * so that the peer answers from its own registry and never asks further, and the caller's {@link #FORWARDED}
 * headers), and what comes back.
 */
@ApplicationScoped
public class PeerClient {

    /** The request header that asks an instance to answer from its own registry only. */
    public static final String SCOPE = "Queuemgr-Scope";
    public static final String THIS_INSTANCE = "instance";
    /** The answer header of an instance still reading the partitions just given to it: its answer may lack tasks. */
    public static final String TAKING_OVER = "Queuemgr-Taking-Over";
    /**
     * The answer header of an instance that does not hold the task it answers with, but made it a moment ago for a
     * queue another instance holds, which may not have read it yet.
     */
    public static final String IN_TRANSIT = "Queuemgr-In-Transit";
    /** The request headers sent on to a peer as the caller gave them. */
    public static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "Idempotency-Key");
    /** The answer headers relayed to the caller as the peer gave them. */
    public static final List<String> RELAYED = List.of("Location", "Retry-After");
    private static final int TIMEOUT_MS = 5_000;

    /** A peer, and the base address of its API. */
    public record Peer(String id, URI address) {
    }

    /**
     * What a peer answered, and whether it said it is still reading queues just given to it ({@code taking}) or that
     * the task it answers with is one it made, not one it holds ({@code inTransit}).
     */
    public record Answer(Peer from, int status, String contentType, byte[] body, boolean taking, boolean inTransit,
            Map<String, String> headers) {
    }

    private final WebClient client;

    public PeerClient(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("queuemgr-peer")
                .setConnectTimeout(TIMEOUT_MS).setMaxPoolSize(16).setKeepAlive(true).setFollowRedirects(false));
    }

    /**
     * Sends a request to one peer, as the caller sent it here (the {@link #FORWARDED} headers among
     * {@code headers}); a peer that does not answer fails it.
     */
    public Uni<Answer> send(Peer peer, HttpMethod method, String pathAndQuery, Map<String, String> headers,
            byte[] body) {
        HttpRequest<Buffer> request = client.requestAbs(method, at(peer.address(), pathAndQuery))
                .timeout(TIMEOUT_MS).putHeader(SCOPE, THIS_INSTANCE);
        headers.forEach(request::putHeader);
        var sent = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
        return sent.map(r -> {
            Map<String, String> relayed = new HashMap<>();
            RELAYED.forEach(h -> {
                if (r.getHeader(h) != null) {
                    relayed.put(h, r.getHeader(h));
                }
            });
            return new Answer(peer, r.statusCode(), r.getHeader("Content-Type"),
                    r.body() == null ? new byte[0] : r.body().getBytes(), r.getHeader(TAKING_OVER) != null,
                    r.getHeader(IN_TRANSIT) != null, Map.copyOf(relayed));
        });
    }

    /** The address below the peer's base address (which may have a path of its own). */
    static String at(URI base, String pathAndQuery) {
        String root = base.toString();
        return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + pathAndQuery;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
