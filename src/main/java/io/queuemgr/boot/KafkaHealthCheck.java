package io.queuemgr.boot;

import java.time.Duration;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.queuemgr.messaging.KafkaClients;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Whether the broker answers, within a bound: not ready while it does not. Quarkus's own Kafka check waits for the
 * admin client's default timeout (a minute), so that with the broker gone {@code /q/health/ready} gave no answer at
 * all and a probe or an operator's curl only timed out (docs/architecture.md, "Readiness answers while the broker is
 * away").
 */
@Readiness
@ApplicationScoped
public class KafkaHealthCheck implements AsyncHealthCheck {

    /** Within a Kubernetes probe's timeout (3 s in k8s/). */
    static final Duration BOUND = Duration.ofMillis(1500);

    private final KafkaClients clients;
    private Admin admin;
    private boolean closed;

    public KafkaHealthCheck(KafkaClients clients) {
        this.clients = clients;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .completionStage(() -> admin().describeCluster(new DescribeClusterOptions()
                        .timeoutMs((int) BOUND.toMillis())).nodes().toCompletionStage())
                .ifNoItem().after(BOUND.plusMillis(500)).fail()
                .map(nodes -> HealthCheckResponse.named("kafka").up().withData("nodes", nodes.stream()
                        .map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(","))).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("kafka").down()
                        .withData("reason", "the broker did not answer within " + BOUND.toMillis() + " ms"
                                + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                        .build());
    }

    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("the service is stopping");
        }
        if (admin == null) {
            admin = clients.admin();
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
