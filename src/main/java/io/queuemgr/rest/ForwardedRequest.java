package io.queuemgr.rest;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.queuemgr.error.ApiException;
import io.queuemgr.peer.PeerClient;
import io.queuemgr.peer.TaskHolders;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * A request as it came, to send on to the instance that holds what it reads or changes, and that instance's answer
 * relayed as this one's. Read from the request on the request's thread, since the peer's answer arrives on the HTTP
 * client's.
 */
final class ForwardedRequest {

    private static final Logger LOG = Logger.getLogger(ForwardedRequest.class);

    private final HttpMethod method;
    private final String uri;
    private final Map<String, String> headers = new HashMap<>();
    private final byte[] body;

    ForwardedRequest(HttpServerRequest request, byte[] body) {
        this.method = request.method();
        this.uri = request.uri();
        this.body = body;
        PeerClient.FORWARDED.forEach(h -> {
            if (request.getHeader(h) != null) {
                headers.put(h, request.getHeader(h));
            }
        });
    }

    /** The caller's credential, which the peer checks again. */
    String authorization() {
        return headers.get("Authorization");
    }

    /** Sent to the peer; its answer relayed as this instance's, or 503 naming it when it does not answer. */
    Uni<Response> to(PeerClient peers, PeerClient.Peer peer, String who) {
        return peers.send(peer, method, uri, headers, body).onFailure()
                .transform(e -> notAnswering(peer, who, e)).map(ForwardedRequest::relayed);
    }

    /**
     * A peer's answer as this instance's: its status, body and the headers a caller acts on; a {@code Location} as
     * its path alone, which this instance's own address then completes (the peer's is not the caller's to use).
     */
    private static Response relayed(PeerClient.Answer a) {
        var relayed = Response.status(a.status()).entity(a.body());
        a.headers().forEach((name, value) -> relayed.header(name, "Location".equals(name) ? pathOf(value) : value));
        return (a.contentType() == null ? relayed : relayed.type(a.contentType())).build();
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

    /** The refusal when a peer does not answer: its id for the caller, the cause (with its address) in the log. */
    private static ApiException notAnswering(PeerClient.Peer peer, String who, Throwable e) {
        LOG.warnf("%s did not answer at %s: %s", peer.id(), peer.address(), e.getMessage());
        return TaskHolders.unavailable(who + " (" + peer.id() + ") did not answer");
    }
}
