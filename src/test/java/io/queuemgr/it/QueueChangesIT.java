package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.ServiceProcess;

/** A queue created or changed through one instance is honoured by every other instance within a second. */
class QueueChangesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(1);

    @Test
    void everyInstanceSeesAQueueChangeWithinASecond() throws Exception {
        String prefix = "queues-" + UUID.randomUUID().toString().substring(0, 8);
        String name = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        try (ServiceProcess a = ServiceProcess.start("queues-a", prefix, Map.of());
                ServiceProcess b = ServiceProcess.start("queues-b", prefix, Map.of())) {
            assertThat(b.post("/api/queues/" + name + "/tasks", aTask().json()).statusCode()).isEqualTo(404);

            assertThat(a.post("/api/queues", "{\"name\":\"" + name + "\",\"maxConcurrent\":3}").statusCode())
                    .isEqualTo(201);
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(20))
                    .until(() -> b.get("/api/queues/" + name).statusCode() == 200);
            assertThat(b.post("/api/queues/" + name + "/tasks", aTask().json()).statusCode()).isEqualTo(202);

            assertThat(a.put("/api/queues/" + name, "{\"maxConcurrent\":9,\"rateLimit\":\"5/second\"}")
                    .statusCode()).isEqualTo(200);
            await().atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
                var q = JSON.readTree(b.get("/api/queues/" + name).body());
                return q.path("maxConcurrent").asInt() == 9 && "5/second".equals(q.path("rateLimit").asText());
            });
        }
    }
}
