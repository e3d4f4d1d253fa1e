package io.queuemgr.executor.network;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.http.GuardedCall;
import io.queuemgr.executor.http.HttpErrors;
import io.queuemgr.task.TaskFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/**
 * A GET of a URL through the HTTP family's guarded call (destinations checked, redirects followed hop by hop): the
 * status and how long the answer took. A status below 400, or one of expectedStatus, passes.
 */
final class HttpProbe {

    private HttpProbe() {
    }

    static Uni<ObjectNode> get(GuardedCall calls, NetworkTestParams p) {
        URI url = URI.create(p.url());
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return calls.send(new GuardedCall.Request(HttpMethod.GET, url, Map.of(), null))
                    .map(response -> {
                        int status = response.statusCode();
                        boolean ok = p.expectedStatus() == null ? status < 400 : p.expectedStatus().contains(status);
                        if (!ok) {
                            throw new TaskFailure(NetworkFailures.withContext(HttpErrors.ofStatus(status, null),
                                    Map.of("url", p.url())));
                        }
                        return JsonNodeFactory.instance.objectNode().put("kind", "http").put("url", p.url())
                                .put("status", status).put("latencyMs", NetworkProbe.millisSince(start));
                    });
        });
    }

    /** The port the URL reaches, as the error context names it. */
    static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
