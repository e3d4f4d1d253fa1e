package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.registry.PeerCheckpoint;
import io.queuemgr.testing.DamagedFiles;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.ServiceProcess;
import io.queuemgr.testing.TaskApi;

/**
 * A restarted service answers as before: its registry is read back from the checkpoint the last instance wrote when it
 * stopped, or while it ran before it was killed, and the status topic from there on, also when the restart is an
 * upgrade to another build; an instance without that checkpoint rebuilds it from the whole topic.
 */
class InstanceRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void restartedServiceAnswersEveryTaskAsBeforeAndSeesWhatChangedWhileItWasDown() throws Exception {
        String prefix = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        String tag = "restart";
        String listed = "/api/tasks?tag=" + tag + "&limit=100";
        Map<String, JsonNode> before = new LinkedHashMap<>();
        try (ServiceProcess first = ServiceProcess.start("restart-a", prefix, Map.of())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(id(first.post("/api/tasks", aTask().withTags(tag).withParam("echo", i).json()).body()));
                ids.add(id(first.post("/api/tasks", aShellTask("echo out-" + i + "; exit " + (i % 2))
                        .withTags(tag).with("maxRetries", 0).json()).body()));
            }
            for (String id : ids) {
                before.put(id, awaitFinal(first, id));
            }
            first.stop();
            assertThat(Files.readString(first.log())).contains("Registry checkpoint written: ");
        }
        assertThat(before.values()).extracting(t -> t.path("status").asText()).contains("COMPLETED", "FAILED");

        // An instance with a data directory of its own rebuilds from the whole topic; meanwhile a task goes and
        // another comes.
        String gone = before.keySet().iterator().next();
        String added;
        JsonNode listing;
        Path otherData = LocalStack.projectRoot().resolve("target/it-data/" + prefix + "-other");
        try (ServiceProcess other = ServiceProcess.start("restart-other", prefix,
                Map.of("queuemgr.data-dir", otherData.toString()))) {
            assertThat(Files.readString(other.log())).doesNotContain("restored from its checkpoint");
            for (var entry : before.entrySet()) {
                assertThat(JSON.readTree(other.get("/api/tasks/" + entry.getKey()).body()))
                        .isEqualTo(entry.getValue());
            }
            assertThat(other.delete("/api/tasks/" + gone).statusCode()).isLessThan(300);
            added = id(other.post("/api/tasks", aTask().withTags(tag).withParam("echo", "late").json()).body());
            before.put(added, awaitFinal(other, added));
            before.remove(gone);
            // Gone from the registry (a GET still finds it in PostgreSQL history).
            listing = await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(other.get(listed).body()),
                    page -> !ids(page).contains(gone));
            assertThat(ids(listing)).contains(added);

            // A new instance (an empty data directory, as a new pod has) takes this running one's checkpoint instead
            // of reading the whole topic, and the topic after it: a task finished after the checkpoint is there too.
            assertThat(other.get(PeerCheckpoint.PATH).statusCode()).isEqualTo(200);
            String afterHandover = id(other.post("/api/tasks", aTask().withTags(tag).json()).body());
            before.put(afterHandover, awaitFinal(other, afterHandover));
            listing = JSON.readTree(other.get(listed).body());
            try (ServiceProcess seeded = ServiceProcess.start("restart-seeded", prefix, Map.of(
                    "queuemgr.data-dir", otherData + "-seeded", "queuemgr.registry.seed-from", other.baseUrl()))) {
                assertThat(Files.readString(seeded.log())).contains("A peer's registry checkpoint taken from "
                        + other.baseUrl()).contains("Registry restored from its checkpoint")
                        .contains("while the service started");
                for (var entry : before.entrySet()) {
                    assertThat(JSON.readTree(seeded.get("/api/tasks/" + entry.getKey()).body()))
                            .isEqualTo(entry.getValue());
                }
                assertThat(JSON.readTree(seeded.get(listed).body())).isEqualTo(listing);
            }

            // One whose own checkpoint is refused (here damaged on disk) takes the running one's in its place.
            Path refused = Path.of(otherData + "-refused");
            Files.createDirectories(refused);
            Files.copy(otherData.resolve("registry.checkpoint"), refused.resolve("registry.checkpoint"));
            DamagedFiles.flipABitInTheMiddle(refused.resolve("registry.checkpoint"));
            try (ServiceProcess repaired = ServiceProcess.start("restart-refused", prefix, Map.of(
                    "queuemgr.data-dir", refused.toString(), "queuemgr.registry.seed-from", other.baseUrl()))) {
                assertThat(Files.readString(repaired.log()))
                        .contains("is not used (it is damaged or of another format): asking " + other.baseUrl())
                        .contains("A peer's registry checkpoint taken from " + other.baseUrl())
                        .contains("Registry restored from its checkpoint");
                for (var entry : before.entrySet()) {
                    assertThat(JSON.readTree(repaired.get("/api/tasks/" + entry.getKey()).body()))
                            .isEqualTo(entry.getValue());
                }
                assertThat(JSON.readTree(repaired.get(listed).body())).isEqualTo(listing);
            }
        }

        // This one also writes its checkpoint while it runs, and is killed: the start after the crash reads the file
        // written last and the topic after it.
        Path checkpoint = LocalStack.projectRoot().resolve("target/it-data/" + prefix + "/registry.checkpoint");
        try (ServiceProcess second = ServiceProcess.start("restart-b", prefix,
                Map.of("queuemgr.registry.checkpoint-every", "PT1S"))) {
            // Read from the JVM's start, in the data directory the service is configured with.
            assertThat(Files.readString(second.log())).contains("Registry restored from its checkpoint")
                    .contains("while the service started");
            for (var entry : before.entrySet()) {
                assertThat(JSON.readTree(second.get("/api/tasks/" + entry.getKey()).body()))
                        .isEqualTo(entry.getValue());
            }
            assertThat(JSON.readTree(second.get(listed).body())).isEqualTo(listing);

            Files.delete(checkpoint);
            String beforeCrash = id(second.post("/api/tasks", aTask().withTags(tag).json()).body());
            before.put(beforeCrash, awaitFinal(second, beforeCrash));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(checkpoint));
            // The file as it was before the next task: what a crash right then leaves behind.
            Path early = checkpoint.resolveSibling("early.checkpoint");
            Files.move(checkpoint, early);
            String afterCheckpoint = id(second.post("/api/tasks", aTask().withTags(tag).json()).body());
            before.put(afterCheckpoint, awaitFinal(second, afterCheckpoint));
            second.kill();
            Files.move(early, checkpoint, StandardCopyOption.REPLACE_EXISTING);
        }

        // Started again as an upgrade starts it: another build (the same code, built later), which reads the
        // checkpoint of the same layout that the build before wrote.
        Path upgrade = builtLater(LocalStack.projectRoot().resolve("target/quarkus-app"),
                LocalStack.projectRoot().resolve("target/it-data/" + prefix + "-upgrade"));
        try (ServiceProcess third = ServiceProcess.start(LocalStack.get(), upgrade.resolve("quarkus-run.jar"),
                "restart-c", prefix, Map.of())) {
            // Read from the JVM's start, in the data directory the service is configured with.
            assertThat(Files.readString(third.log())).contains("Registry restored from its checkpoint")
                    .contains("while the service started");
            for (var entry : before.entrySet()) {
                assertThat(JSON.readTree(third.get("/api/tasks/" + entry.getKey()).body()))
                        .isEqualTo(entry.getValue());
            }
            assertThat(ids(JSON.readTree(third.get(listed).body()))).containsExactlyInAnyOrderElementsOf(
                    before.keySet());
        }
    }

    /** A copy of the packaged service whose files are a minute younger: another build, as the service tells builds. */
    private static Path builtLater(Path app, Path into) throws IOException {
        try (Stream<Path> files = Files.walk(app)) {
            for (Path from : files.toList()) {
                Path to = into.resolve(app.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                    Files.setLastModifiedTime(to, FileTime.fromMillis(
                            Files.getLastModifiedTime(from).toMillis() + Duration.ofMinutes(1).toMillis()));
                }
            }
        }
        return into;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    private static JsonNode awaitFinal(ServiceProcess service, String id) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> JSON.readTree(service.get("/api/tasks/" + id).body()),
                t -> TaskApi.FINAL.contains(t.path("status").asText()));
    }

    static String id(String snapshotJson) throws Exception {
        return JSON.readTree(snapshotJson).path("id").asText();
    }
}
