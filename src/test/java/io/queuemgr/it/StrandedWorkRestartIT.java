package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.ServiceProcess;

/**
 * A task whose first snapshot reached Kafka while the work topic refused its work record is sent again by the
 * instance that made it; stopped meanwhile, that instance keeps the task in its data directory, and the next start
 * there sends the record, so the task runs although nobody submits it again.
 */
class StrandedWorkRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LARGE_ECHO = "x".repeat(4_000);

    @Test
    void aStrandedTaskKeptByAStopRunsAfterTheNextStart() throws Exception {
        String prefix = "stranded-" + UUID.randomUUID().toString().substring(0, 8);
        ConfigResource work = new ConfigResource(ConfigResource.Type.TOPIC, prefix + ".tasks");
        UUID stranded;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.get().kafkaBootstrap()))) {
            try (ServiceProcess first = ServiceProcess.start("stranded-a", prefix, Map.of())) {
                // A task Kafka takes whole first, so that the producer knows both topics' partitions.
                assertThat(first.post("/api/tasks", aTask().json()).statusCode()).isEqualTo(202);
                alter(admin, work, new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2048"),
                        AlterConfigOp.OpType.SET));
                stranded = strand(first);
                first.stop();
                assertThat(Files.readString(first.log())).contains("keeps them for the next start: [" + stranded);
            } finally {
                alter(admin, work, new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""),
                        AlterConfigOp.OpType.DELETE));
            }
        }
        try (ServiceProcess second = ServiceProcess.start("stranded-b", prefix, Map.of())) {
            JsonNode done = await().atMost(Duration.ofSeconds(60))
                    .until(() -> JSON.readTree(second.get("/api/tasks/" + stranded).body()),
                            t -> "COMPLETED".equals(t.path("status").asText()));
            assertThat(done.path("result").asText()).isEqualTo(LARGE_ECHO);
            assertThat(done.path("attempt").asInt()).isEqualTo(1);
            assertThat(Files.readString(second.log())).contains("1 tasks whose work record Kafka had not taken at a "
                    + "stop are sent again");
        }
    }

    /**
     * Submits large tasks until one is answered 503 submission-incomplete (the broker applies the topic's limit a
     * moment after it was set); its id, PENDING.
     */
    private static UUID strand(ServiceProcess via) {
        AtomicReference<UUID> refused = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            UUID attempt = UUID.randomUUID();
            var answer = via.post("/api/tasks",
                    "{\"id\":\"" + attempt + "\",\"type\":\"noop\",\"params\":{\"echo\":\"" + LARGE_ECHO + "\"}}");
            if (answer.statusCode() == 202 || answer.statusCode() == 413) {
                // Taken before the limit applied, or failed before its snapshot was handed over: nothing stranded.
                return false;
            }
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(JSON.readTree(answer.body()).path("type").asText()).endsWith("/submission-incomplete");
            refused.set(attempt);
            return true;
        });
        UUID id = refused.get();
        assertThat(via.get("/api/tasks/" + id).body()).contains("\"status\":\"PENDING\"");
        return id;
    }

    private static void alter(Admin admin, ConfigResource topic, AlterConfigOp op) throws Exception {
        admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(30, TimeUnit.SECONDS);
    }
}
