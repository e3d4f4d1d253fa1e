package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.DevRun;
import io.queuemgr.testing.FreePorts;
import io.queuemgr.testing.Processes;
import io.queuemgr.testing.TaskApi;

/**
 * {@code ./dev.sh run} keeps its data between runs, stops everything it started on Ctrl-C or SIGTERM, and the run
 * after one that was killed outright stops what that one left behind.
 */
class DevRunKeepsDataIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STOP = Duration.ofMinutes(2);

    @TempDir
    Path temp;

    private final List<DevRun> runs = new ArrayList<>();
    private Path data;
    private int httpPort;

    @AfterEach
    void stopEverything() throws Exception {
        runs.forEach(DevRun::close);
        if (data == null) {
            return;
        }
        // Stops whatever a run left behind (service, Kafka, PostgreSQL) and deletes the data before @TempDir goes.
        DevRun.reset(data);
    }

    @Test
    void dataSurvivesRestartsAndNoStopLeavesAnythingRunning() throws Exception {
        data = temp.resolve("data"); // a reset removes the emptied data directory itself
        httpPort = FreePorts.below32000();
        int kafkaPort = FreePorts.below32000();
        int pgPort = FreePorts.below32000();
        DevRun first = start(Map.of("QUEUEMGR_KAFKA_PORT", Integer.toString(kafkaPort),
                "QUEUEMGR_PG_PORT", Integer.toString(pgPort)), "first");
        String token = first.adminToken();
        assertThat(java.nio.file.Files.getPosixFilePermissions(data.resolve("admin-token")))
                .as("the admin token file's permissions").containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(java.nio.file.Files.readString(first.log())).as("the first run prints the token it made")
                .contains(token);
        Kept kept = keepSomething(first);
        aCommandTaskRunsInASessionOfItsOwn(first);
        List<Long> firstPids = pids(first);

        first.signal("INT");
        assertThat(first.awaitExit(STOP)).as("Ctrl-C's exit status").isEqualTo(130);
        assertThat(firstPids).as("service, Kafka and PostgreSQL after Ctrl-C").noneMatch(Processes::running);

        // No ports named this time: the previous run's are free again and are taken over.
        DevRun second = start(Map.of(), "second");
        assertThat(second.stackEnv()).containsEntry("KAFKA_PORT", Integer.toString(kafkaPort))
                .containsEntry("PG_PORT", Integer.toString(pgPort));
        kept.isStillKnownTo(second);
        assertThat(second.adminToken()).as("the admin token across restarts").isEqualTo(token);
        assertThat(java.nio.file.Files.readString(second.log())).as("a later run does not print the token again")
                .doesNotContain(token);
        List<Long> secondPids = pids(second);

        second.signal("KILL");
        second.awaitExit(STOP);
        assertThat(secondPids).as("left behind by a killed run").allMatch(Processes::running);

        DevRun third = start(Map.of(), "third");
        assertThat(secondPids).as("what the killed run left, once the next run is up").noneMatch(Processes::running);
        assertThat(kafkaBrokersOn(data)).as("Kafka brokers on the data directory").hasSize(1);
        kept.isStillKnownTo(third);
        List<Long> thirdPids = pids(third);

        third.signal("TERM");
        assertThat(third.awaitExit(STOP)).as("SIGTERM's exit status").isEqualTo(143);
        assertThat(thirdPids).as("service, Kafka and PostgreSQL after SIGTERM").noneMatch(Processes::running);

        Path kafkaData = data.toRealPath().resolve("kafka");
        assertThat(DevRun.reset(data)).contains("deleting " + kafkaData);
        assertThat(kafkaData).doesNotExist();
    }

    private DevRun start(Map<String, String> env, String name) throws IOException {
        DevRun run = DevRun.start(data, httpPort, env, name);
        runs.add(run);
        return run.awaitReady();
    }

    /** What the user found lost: finished tasks, a queue, a dead letter and a retry waiting for its time. */
    private record Kept(String queue, List<String> done, String dead, String waiting, String retryDue) {

        void isStillKnownTo(DevRun run) throws IOException {
            assertThat(run.get("/api/queues/" + queue).statusCode()).as("queue " + queue).isEqualTo(200);
            for (String id : done) {
                assertThat(task(run, id).path("status").asText()).as("task " + id).isEqualTo("COMPLETED");
            }
            JsonNode deadLetters = JSON.readTree(run.get("/api/queues/" + queue + "/dead").body()).path("items");
            assertThat(deadLetters.findValuesAsText("id")).contains(dead);
            JsonNode retry = task(run, waiting);
            assertThat(retry.path("status").asText()).isEqualTo("PENDING");
            assertThat(retry.path("nextRetryAt").asText()).isEqualTo(retryDue);
        }
    }

    private static Kept keepSomething(DevRun run) throws IOException {
        String queue = "kept";
        assertThat(run.post("/api/queues", "{\"name\":\"" + queue + "\",\"retryBaseDelay\":\"1h\"}").statusCode())
                .isEqualTo(201);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            done.add(submit(run, aTask().inQueue(queue).withParam("echo", i).json()));
        }
        String dead = submit(run, aShellTask("exit 3").inQueue(queue).with("maxRetries", 0).json());
        String waiting = submit(run, aShellTask("exit 3").inQueue(queue).with("maxRetries", 2).json());
        done.forEach(id -> awaitTask(run, id, t -> "COMPLETED".equals(t.path("status").asText())));
        awaitTask(run, dead, t -> "FAILED".equals(t.path("status").asText()));
        JsonNode retry = awaitTask(run, waiting, t -> t.path("attempt").asInt() == 1 && t.hasNonNull("nextRetryAt"));
        return new Kept(queue, done, dead, waiting, retry.path("nextRetryAt").asText());
    }

    /** A terminal's Ctrl-C goes to a process group; a task's process must not be in the service's. */
    private static void aCommandTaskRunsInASessionOfItsOwn(DevRun run) throws IOException {
        String id = submit(run, aShellTask("echo $$ $(cut -d' ' -f5,6 /proc/$$/stat)").json());
        JsonNode done = awaitTask(run, id, t -> TaskApi.FINAL.contains(t.path("status").asText()));
        String[] task = done.path("result").path("stdout").asText().strip().split(" ");
        String[] service = groupAndSession(run.servicePid());
        assertThat(task).as("task's pid, process group and session").hasSize(3);
        assertThat(task[1]).as("task's process group").isEqualTo(task[0]).isNotEqualTo(service[0]);
        assertThat(task[2]).as("task's session").isEqualTo(task[0]).isNotEqualTo(service[1]);
    }

    /** Fields 5 and 6 of /proc/PID/stat, counted past the command name, which may hold spaces. */
    private static String[] groupAndSession(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new String[]{fields[2], fields[3]};
    }

    private static List<Long> pids(DevRun run) {
        Map<String, String> stack = run.stackEnv();
        return List.of(run.servicePid(), Long.parseLong(stack.get("KAFKA_PID")), Long.parseLong(stack.get("PG_PID")));
    }

    /** Every running Kafka broker whose configuration lies in the data directory. */
    private static List<Long> kafkaBrokersOn(Path data) throws IOException {
        String config = data.toRealPath().resolve("kafka/server.properties").toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> commandLine(p).contains("kafka.Kafka " + config))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .filter(Processes::running).toList();
        }
    }

    private static String commandLine(Path proc) {
        try {
            return Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // ended meanwhile
        }
    }

    private static String submit(DevRun run, String json) throws IOException {
        var response = run.post("/api/tasks", json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("id").asText();
    }

    private static JsonNode task(DevRun run, String id) throws IOException {
        return JSON.readTree(run.get("/api/tasks/" + id).body());
    }

    private static JsonNode awaitTask(DevRun run, String id, java.util.function.Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> task(run, id), condition);
    }

}
