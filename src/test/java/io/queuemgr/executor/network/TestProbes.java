package io.queuemgr.executor.network;

import java.util.List;

import javax.net.ssl.SSLContext;

import io.queuemgr.executor.http.GuardedCall;
import io.queuemgr.executor.http.WebClientProvider;
import io.queuemgr.guard.DestinationGuard;
import io.queuemgr.guard.DestinationPolicy;
import io.vertx.mutiny.core.Vertx;

/** Probes wired as the service wires them, and the params of the tests they run. */
final class TestProbes {

    private TestProbes() {
    }

    /** A probe under the built-in destination rules plus {@code denied}, trusting what {@code trust} trusts. */
    static NetworkProbe probe(Vertx vertx, List<String> denied, SSLContext trust) {
        DestinationGuard guard = new DestinationGuard(new DestinationPolicy(List.of(), denied));
        return new NetworkProbe(guard, new GuardedCall(new WebClientProvider(vertx), guard), new TlsProbe(trust));
    }

    static NetworkProbe probe(Vertx vertx) throws java.security.GeneralSecurityException {
        return probe(vertx, List.of(), SSLContext.getDefault());
    }

    static NetworkTestParams tcp(String host, int port, int timeoutMillis) {
        return new NetworkTestParams("tcp", host, port, null, timeoutMillis, null, null, null);
    }

    static NetworkTestParams http(String url, int timeoutMillis) {
        return new NetworkTestParams("http", null, null, url, timeoutMillis, null, null, null);
    }

    static NetworkTestParams dns(String host) {
        return new NetworkTestParams("dns", host, null, null, 5_000, null, null, null);
    }

    static NetworkTestParams tls(String host, int port, Integer minDaysValid, Boolean insecure) {
        return new NetworkTestParams("tls", host, port, null, 5_000, null, minDaysValid, insecure);
    }
}
