package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.ServiceProcess;

/**
 * The cache of completed results lives in memory only; it is rebuilt from the compacted status topic, so a result
 * cached before a restart is still reused after it.
 */
class ResultCacheRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aResultCompletedBeforeTheRestartIsReusedAfterIt() throws Exception {
        String prefix = "cache-" + UUID.randomUUID().toString().substring(0, 8);
        Path runs = dir.resolve("runs");
        String body = aShellTask("echo ran >> " + runs + "; echo the-answer").with("cacheFor", "PT1H").json();
        String source;
        try (ServiceProcess a = ServiceProcess.start("cache-a", prefix, Map.of())) {
            source = JSON.readTree(a.post("/api/tasks", body).body()).path("id").asText();
            awaitFinal(a, source);
            a.stop();
        }
        try (ServiceProcess b = ServiceProcess.start("cache-b", prefix, Map.of())) {
            var accepted = b.post("/api/tasks", body);
            assertThat(accepted.statusCode()).isEqualTo(202);
            JsonNode reused = awaitFinal(b, JSON.readTree(accepted.body()).path("id").asText());
            assertThat(reused.path("status").asText()).isEqualTo("COMPLETED");
            assertThat(reused.path("cachedFrom").asText()).isEqualTo(source);
            assertThat(reused.path("result").toString()).contains("the-answer");
        }
        assertThat(Files.readAllLines(runs)).containsExactly("ran");
    }

    private static JsonNode awaitFinal(ServiceProcess service, String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> JSON.readTree(service.get("/api/tasks/" + id).body()),
                        t -> t.path("status").asText().matches("COMPLETED|FAILED|CANCELLED|TIMEOUT"));
    }
}
