package io.queuemgr.executor.network;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/** Tests once whether a host answers: a TCP connect, an HTTP GET, a DNS lookup or a TLS handshake. */
@ApplicationScoped
public class NetworkTestExecutor implements TaskExecutor<NetworkTestParams> {

    private static final TaskType TYPE = TaskType.of("network.test", NetworkTestParams.class,
            "Tests once whether a host answers (tcp, http, dns or tls) and how fast; tls also reads the certificate.")
            .aliases("NETWORK_TEST").category("network").tags("network", "diagnostics")
            .can(TaskType.Capability.CANCELLABLE);

    private final NetworkProbe probe;

    public NetworkTestExecutor(NetworkProbe probe) {
        this.probe = probe;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(NetworkTestParams p, ExecutionContext context) {
        String target = "http".equals(p.kind()) ? p.url() : NetworkFailures.describe(p.host(), p.portOrDefault());
        context.status(TaskStatus.RUNNING, "Testing " + p.kind() + " " + target);
        context.log(p.kind() + " test of " + target + ", timeout " + p.timeout() + " ms");
        return Uni.createFrom().emitter(emitter -> {
            Cancellable inFlight = probe.run(p, context::onCancel).subscribe().with(result -> {
                context.log("answered in " + result.path("latencyMs").asDouble() + " ms");
                emitter.complete(new TaskOutcome.Succeeded(result));
            }, emitter::fail);
            context.onCancel(() -> {
                inFlight.cancel();
                emitter.complete(new TaskOutcome.Stopped(null));
            });
        });
    }
}
