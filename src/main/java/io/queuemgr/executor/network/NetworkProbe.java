package io.queuemgr.executor.network;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.BlockingWork;
import io.queuemgr.executor.http.GuardedCall;
import io.queuemgr.guard.DestinationGuard;
import io.smallrye.mutiny.Uni;

/**
 * One network test of any kind, for network.test and each round of network.monitor: what it learnt, with its
 * latencyMs, or a failure coded from the catalogue with the host and port in its context. timeoutMillis bounds the
 * whole test.
 */
@ApplicationScoped
public class NetworkProbe {

    private final DestinationGuard guard;
    private final GuardedCall calls;
    private final TlsProbe tls;

    @Inject
    public NetworkProbe(DestinationGuard guard, GuardedCall calls) {
        this(guard, calls, TlsProbe.withDefaultTrust());
    }

    NetworkProbe(DestinationGuard guard, GuardedCall calls, TlsProbe tls) {
        this.guard = guard;
        this.calls = calls;
        this.tls = tls;
    }

    /** Runs the test; {@code onCancel} registers how a stop interrupts its blocking part. */
    public Uni<ObjectNode> run(NetworkTestParams p, Consumer<Runnable> onCancel) {
        boolean byUrl = "http".equals(p.kind());
        URI url = byUrl ? URI.create(p.url()) : null;
        String host = byUrl ? DestinationGuard.hostOf(p.url()).orElse(null) : p.host();
        Integer port = byUrl ? Integer.valueOf(HttpProbe.port(url)) : p.portOrDefault();
        // Hosts are resolved and checked (DestinationGuard) on the blocking side: DNS never runs on the caller.
        Uni<ObjectNode> test = switch (p.kind()) {
            case "tcp" -> BlockingWork.run(() -> TcpProbe.connect(guard.vet(host), host, port, p.timeout()), onCancel);
            case "tls" -> BlockingWork.run(() -> tls.handshake(guard.vet(host), p), onCancel);
            case "dns" -> BlockingWork.run(() -> DnsProbe.resolve(host), onCancel);
            default -> HttpProbe.get(calls, p);
        };
        return test.ifNoItem().after(Duration.ofMillis(p.timeout()))
                .failWith(() -> new TimeoutException("no answer within " + p.timeout() + " ms"))
                .onFailure().transform(t -> NetworkFailures.classify(t, host, port));
    }

    /** Milliseconds since a System.nanoTime() reading, to a hundredth: loopback answers in well under one. */
    static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0;
    }
}
