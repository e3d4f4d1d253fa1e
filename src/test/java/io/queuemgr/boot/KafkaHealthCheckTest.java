package io.queuemgr.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.testing.LocalStack;

class KafkaHealthCheckTest {

    @Test
    void aBrokerThatAnswersIsUpWithItsNodes() {
        KafkaHealthCheck check = new KafkaHealthCheck(new KafkaClients(Map.of("bootstrap.servers",
                LocalStack.get().kafkaBootstrap())));
        try {
            HealthCheckResponse response = check.call().await().atMost(Duration.ofSeconds(10));
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(response.getData()).get().extracting(d -> d.get("nodes"))
                    .isEqualTo(LocalStack.get().kafkaBootstrap());
        } finally {
            check.close();
        }
    }

    @Test
    void aBrokerThatIsGoneMakesItDownWithAReasonWithinWhatAProbeWaits() throws IOException {
        int nothingThere;
        try (ServerSocket socket = new ServerSocket(0)) {
            nothingThere = socket.getLocalPort();
        }
        KafkaHealthCheck check = new KafkaHealthCheck(new KafkaClients(Map.of("bootstrap.servers",
                "127.0.0.1:" + nothingThere)));
        try {
            for (int probe = 0; probe < 2; probe++) {
                // A Kubernetes probe waits 3 s (k8s/); Quarkus's own check waited the admin client's minute.
                HealthCheckResponse response = check.call().await().atMost(Duration.ofSeconds(3));
                assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
                assertThat(response.getData()).get().extracting(d -> String.valueOf(d.get("reason")))
                        .asString().startsWith("the broker did not answer");
            }
        } finally {
            check.close();
        }
    }
}
