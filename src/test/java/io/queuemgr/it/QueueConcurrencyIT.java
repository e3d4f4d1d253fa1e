package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.ServiceProcess;

/** A queue's maxConcurrent holds across all instances together, and the queue reaches it when it has the work. */
class QueueConcurrencyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twoInstancesTogetherNeverRunMoreThanTheQueueAllows() throws Exception {
        String prefix = "conc-" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "conc-" + UUID.randomUUID().toString().substring(0, 8);
        Path running = dir.resolve("running");
        Path seen = dir.resolve("seen");
        String script = "mkdir -p " + running + "; touch " + running + "/$$; ls " + running + " | wc -l >> " + seen
                + "; sleep 0.5; ls " + running + " | wc -l >> " + seen + "; rm " + running + "/$$";
        try (ServiceProcess a = ServiceProcess.start("conc-a", prefix, Map.of());
                ServiceProcess b = ServiceProcess.start("conc-b", prefix, Map.of())) {
            assertThat(a.post("/api/queues", "{\"name\":\"" + queue + "\",\"maxConcurrent\":3}").statusCode())
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(1)).until(() -> b.get("/api/queues/" + queue).statusCode() == 200);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ServiceProcess via = i % 2 == 0 ? a : b;
                ids.add(InstanceRestartIT.id(via.post("/api/queues/" + queue + "/tasks",
                        aShellTask(script).json()).body()));
            }
            for (String id : ids) {
                await().atMost(Duration.ofSeconds(60)).until(
                        () -> JSON.readTree(a.get("/api/tasks/" + id).body()).path("status").asText(),
                        "COMPLETED"::equals);
            }
        }
        int most = Files.readAllLines(seen).stream().mapToInt(l -> Integer.parseInt(l.strip())).max().orElse(0);
        assertThat(most).isEqualTo(3);
    }
}
