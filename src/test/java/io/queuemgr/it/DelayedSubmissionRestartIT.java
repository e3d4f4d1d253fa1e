package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.ServiceProcess;

/** A submission told to wait survives the restart of the service before it is due, and runs once, when due. */
class DelayedSubmissionRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aDelayedSubmissionRunsOnceWhenDueAfterTheServiceRestarted() throws Exception {
        String prefix = "delay-" + UUID.randomUUID().toString().substring(0, 8);
        Path times = dir.resolve("times");
        String id;
        Instant due;
        try (ServiceProcess a = ServiceProcess.start("delay-a", prefix, Map.of())) {
            // Long enough for the instance to stop (a stop drains for a few seconds) before the task is due.
            var accepted = a.post("/api/tasks", aShellTask("date +%s%3N >> " + times).with("delaySeconds", 30).json());
            assertThat(accepted.statusCode()).isEqualTo(202);
            JsonNode task = JSON.readTree(accepted.body());
            id = task.path("id").asText();
            due = Instant.parse(task.path("nextRetryAt").asText());
            a.stop();
        }
        assertThat(times).doesNotExist();
        try (ServiceProcess b = ServiceProcess.start("delay-b", prefix, Map.of())) {
            JsonNode waiting = JSON.readTree(b.get("/api/tasks/" + id).body());
            assertThat(waiting.path("status").asText()).isEqualTo("PENDING");
            JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> JSON.readTree(b.get("/api/tasks/" + id).body()),
                            t -> "COMPLETED".equals(t.path("status").asText()));
            assertThat(Instant.parse(done.path("startedAt").asText())).isAfterOrEqualTo(due);
        }
        assertThat(Files.readAllLines(times)).hasSize(1);
        assertThat(Long.parseLong(Files.readAllLines(times).get(0))).isGreaterThanOrEqualTo(due.toEpochMilli());
    }
}
