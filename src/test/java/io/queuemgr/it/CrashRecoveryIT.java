package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.Processes;
import io.queuemgr.testing.ServiceProcess;

/** At-least-once: a task whose instance dies mid-run runs again elsewhere; a finished task never runs again. */
class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void taskOfAKilledInstanceRunsAgainAndIsNeverRunAfterItsOutcome() throws Exception {
        String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        Path runs = dir.resolve("runs.txt");
        Path hung = dir.resolve("hung.pid");
        String script = hangsOnFirstRun(runs, hung);
        String id;
        try (ServiceProcess doomed = ServiceProcess.start("crash-a", prefix, Map.of())) {
            id = InstanceRestartIT.id(doomed.post("/api/tasks", aShellTask(script).json()).body());
            await().atMost(Duration.ofSeconds(30)).until(() -> lines(runs) == 1
                    && "RUNNING".equals(status(doomed, id).path("status").asText()));
            doomed.kill();
        } finally {
            // A SIGKILLed JVM cannot take its children along; the test does.
            if (Files.exists(hung)) {
                ProcessHandle.of(Long.parseLong(Files.readString(hung).strip())).ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
            }
        }
        try (ServiceProcess survivor = ServiceProcess.start("crash-b", prefix, Map.of())) {
            JsonNode done = await().atMost(Duration.ofSeconds(60)).until(() -> status(survivor, id),
                    t -> "COMPLETED".equals(t.path("status").asText()));
            assertThat(done.path("attempt").asInt()).isEqualTo(2);
            assertThat(done.path("workerId").asText()).isEqualTo("crash-b");
            assertThat(lines(runs)).isEqualTo(2);
            survivor.stop();
        }
        try (ServiceProcess third = ServiceProcess.start("crash-c", prefix, Map.of())) {
            // Once the dispatch group has consumed everything on the work topic, every record was seen again
            // or committed; the finished task must not have run a third time.
            awaitNoDispatchLag(prefix);
            assertThat(lines(runs)).isEqualTo(2);
            assertThat(status(third, id).path("status").asText()).isEqualTo("COMPLETED");
        }
    }

    @Test
    void stoppedInstanceKillsItsProcessesAndLeavesTheTaskToAnother() throws Exception {
        String prefix = "drain-" + UUID.randomUUID().toString().substring(0, 8);
        Path runs = dir.resolve("drain-runs.txt");
        Path hung = dir.resolve("drain.pid");
        String script = hangsOnFirstRun(runs, hung);
        String id;
        try (ServiceProcess stopping = ServiceProcess.start("drain-a", prefix,
                Map.of("queuemgr.dispatch.shutdown-grace", "PT1S"))) {
            id = InstanceRestartIT.id(stopping.post("/api/tasks", aShellTask(script).json()).body());
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(hung) && lines(runs) == 1);
            stopping.stop();
        }
        long pid = Long.parseLong(Files.readString(hung).strip());
        // The kill was sent before the instance exited; the signal may take a moment to land.
        await().atMost(Duration.ofSeconds(5)).until(() -> !Processes.running(pid));
        try (ServiceProcess next = ServiceProcess.start("drain-b", prefix, Map.of())) {
            JsonNode done = await().atMost(Duration.ofSeconds(60)).until(() -> status(next, id),
                    t -> "COMPLETED".equals(t.path("status").asText()));
            assertThat(done.path("attempt").asInt()).isEqualTo(2);
            assertThat(lines(runs)).isEqualTo(2);
        }
    }

    /**
     * A shell script that counts its runs in {@code runs}; the first run writes its pid to {@code hung} and hangs
     * (its instance is about to die), any later run finishes at once.
     */
    private static String hangsOnFirstRun(Path runs, Path hung) {
        return "echo run >> " + runs + "; if [ $(wc -l < " + runs + ") -lt 2 ]; then echo $$ > " + hung
                + "; sleep 600; fi";
    }

    private static JsonNode status(ServiceProcess service, String id) throws Exception {
        return JSON.readTree(service.get("/api/tasks/" + id).body());
    }

    private static long lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private static void awaitNoDispatchLag(String prefix) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap());
        try (Admin admin = Admin.create(props)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(prefix + ".dispatch").partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return !committed.isEmpty() && committed.entrySet().stream()
                        .allMatch(e -> e.getValue().offset() >= ends.get(e.getKey()).offset());
            });
        }
    }
}
