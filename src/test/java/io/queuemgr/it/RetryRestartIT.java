package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.ServiceProcess;

/** A retry waiting for its time survives the restart of every instance, and runs once, when due. */
class RetryRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DELAY_S = 40;

    @TempDir
    Path dir;

    @Test
    void aWaitingRetryRunsOnceAfterEveryInstanceRestarted() throws Exception {
        String prefix = "retry-" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "retry-restart-" + UUID.randomUUID().toString().substring(0, 8);
        Path count = dir.resolve("count");
        Path times = dir.resolve("times");
        String script = "n=$(cat " + count + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + count
                + "; date +%s%3N >> " + times + "; [ $n -ge 2 ]";
        String id;
        try (ServiceProcess a = ServiceProcess.start("retry-a", prefix, Map.of());
                ServiceProcess b = ServiceProcess.start("retry-b", prefix, Map.of())) {
            // Long enough for both instances to stop before the retry is due: a stop drains for a few seconds, and
            // with another integration test beside this one the wait for the retry and the two stops took 21 s.
            assertThat(a.post("/api/queues", "{\"name\":\"" + queue + "\",\"retryBaseDelay\":\"" + DELAY_S + "s\"}")
                    .statusCode()).isEqualTo(201);
            id = InstanceRestartIT.id(a.post("/api/queues/" + queue + "/tasks",
                    aShellTask(script).with("maxRetries", 3).json()).body());
            JsonNode waiting = await().atMost(Duration.ofSeconds(30)).until(() -> status(b, id),
                    t -> "PENDING".equals(t.path("status").asText()) && t.path("attempt").asInt() == 1);
            assertThat(waiting.path("nextRetryAt").isTextual()).isTrue();
            a.stop();
            b.stop();
            assertThat(Instant.now()).as("both instances stopped before the retry was due")
                    .isBefore(Instant.parse(waiting.path("nextRetryAt").asText()));
        }
        assertThat(Files.readAllLines(times)).hasSize(1);
        try (ServiceProcess c = ServiceProcess.start("retry-c", prefix, Map.of())) {
            JsonNode done = await().atMost(Duration.ofSeconds(60)).until(() -> status(c, id),
                    t -> "COMPLETED".equals(t.path("status").asText()));
            assertThat(done.path("attempt").asInt()).isEqualTo(2);
        }
        List<Long> starts = Files.readAllLines(times).stream().map(Long::parseLong).toList();
        assertThat(starts).hasSize(2);
        assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(DELAY_S * 1000L);
    }

    private static JsonNode status(ServiceProcess service, String id) throws Exception {
        return JSON.readTree(service.get("/api/tasks/" + id).body());
    }
}
