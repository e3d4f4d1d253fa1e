package io.queuemgr.executor.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.guard.DestinationGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;

/**
 * Sends an HTTP request only to an allowed destination, for every HTTP-based executor: the host is resolved and its
 * addresses checked ({@link DestinationGuard}), and the request goes to the checked address. Redirects are followed
 * here, each hop checked the same way, since the client's own redirects would resolve the next host unchecked.
 */
@ApplicationScoped
public class GuardedCall {

    static final int MAX_REDIRECTS = 10;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Executor VIRTUAL = Thread::startVirtualThread;

    private final WebClientProvider http;
    private final DestinationGuard guard;

    public GuardedCall(WebClientProvider http, DestinationGuard guard) {
        this.http = http;
        this.guard = guard;
    }

    /** What to send: headers go along on a redirect only while it stays on the same origin. */
    public record Request(HttpMethod method, URI url, Map<String, String> headers, Buffer body) {
    }

    public Uni<HttpResponse<Buffer>> send(Request request) {
        return send(request, 0);
    }

    private Uni<HttpResponse<Buffer>> send(Request r, int hops) {
        String host = DestinationGuard.hostOf(r.url().toString()).orElseThrow(
                () -> new IllegalArgumentException("The URL has no host"));
        // DNS blocks: resolved on a virtual thread, never on the event loop.
        return Uni.createFrom().item(() -> vet(host)).runSubscriptionOn(VIRTUAL).chain(address -> {
            HttpRequest<Buffer> request = http.client()
                    .requestAbs(r.method(), SocketAddress.inetSocketAddress(port(r.url()), address.getHostAddress()),
                            r.url().toString())
                    .followRedirects(false);
            r.headers().forEach(request::putHeader);
            return r.body() == null ? request.send() : request.sendBuffer(r.body());
        }).chain(response -> {
            Request next = redirect(r, response, hops);
            return next == null ? Uni.createFrom().item(response) : send(next, hops + 1);
        });
    }

    private InetAddress vet(String host) {
        try {
            return guard.vet(host);
        } catch (UnknownHostException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The request a redirect asks for, or null to keep the response: as browsers do, GET and HEAD follow any
     * redirect and other methods only a 303 (which becomes a GET without a body).
     */
    static Request redirect(Request r, HttpResponse<Buffer> response, int hops) {
        String location = response.getHeader("Location");
        if (!REDIRECTS.contains(response.statusCode()) || location == null || hops >= MAX_REDIRECTS) {
            return null;
        }
        boolean see303 = response.statusCode() == 303;
        boolean safe = r.method() == HttpMethod.GET || r.method() == HttpMethod.HEAD;
        if (!safe && !see303) {
            return null;
        }
        URI next = r.url().resolve(location);
        // Credentials in headers are for the origin they were given for, not for wherever it redirects.
        Map<String, String> headers = sameOrigin(r.url(), next) ? r.headers() : Map.of();
        return see303 && !safe
                ? new Request(HttpMethod.GET, next, headers, null)
                : new Request(r.method(), next, headers, r.body());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getRawAuthority(),
                b.getRawAuthority());
    }

    /** The circuit breaker's target of a URL: its host and port, the port given or the scheme's. */
    public static String target(URI url) {
        String host = DestinationGuard.hostOf(url.toString()).orElse(String.valueOf(url.getRawAuthority()))
                .toLowerCase(java.util.Locale.ROOT);
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port(url);
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        String authority = url.getRawAuthority();
        int colon = authority == null ? -1 : authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']') && colon >= 0 && colon < authority.length() - 1) {
            return Integer.parseInt(authority.substring(colon + 1));
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
