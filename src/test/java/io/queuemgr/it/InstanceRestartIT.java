package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.ServiceProcess;
import io.queuemgr.testing.TaskApi;

/** The registry is rebuilt from the compacted status topic: a restarted service answers as before. */
class InstanceRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void restartedServiceAnswersEveryTaskAsBefore() throws Exception {
        String prefix = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        String tag = "restart";
        Map<String, JsonNode> before = new LinkedHashMap<>();
        String listing;
        try (ServiceProcess first = ServiceProcess.start("restart-a", prefix, Map.of())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(id(first.post("/api/tasks", aTask().withTags(tag).withParam("echo", i).json()).body()));
                ids.add(id(first.post("/api/tasks", aShellTask("echo out-" + i + "; exit " + (i % 2))
                        .withTags(tag).with("maxRetries", 0).json()).body()));
            }
            for (String id : ids) {
                before.put(id, await().atMost(Duration.ofSeconds(30)).until(
                        () -> JSON.readTree(first.get("/api/tasks/" + id).body()),
                        t -> TaskApi.FINAL.contains(t.path("status").asText())));
            }
            listing = first.get("/api/tasks?tag=" + tag + "&limit=100").body();
            first.stop();
        }
        try (ServiceProcess second = ServiceProcess.start("restart-b", prefix, Map.of())) {
            for (var entry : before.entrySet()) {
                JsonNode after = JSON.readTree(second.get("/api/tasks/" + entry.getKey()).body());
                assertThat(after).isEqualTo(entry.getValue());
            }
            assertThat(JSON.readTree(second.get("/api/tasks?tag=" + tag + "&limit=100").body()))
                    .isEqualTo(JSON.readTree(listing));
            assertThat(before.values()).extracting(t -> t.path("status").asText())
                    .contains("COMPLETED", "FAILED");
        }
    }

    static String id(String snapshotJson) throws Exception {
        return JSON.readTree(snapshotJson).path("id").asText();
    }
}
