package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.ServiceProcess;
import io.queuemgr.testing.TaskApi;
import io.queuemgr.testing.WorkPartitions;

/**
 * Every snapshot of a task after its submission is written by the instance that owns the task's queue: a request
 * made on another instance is carried out by the owner and answered as the owner answers it.
 */
class OneWriterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void requestsMadeOnTheInstanceThatDoesNotOwnTheQueueAreCarriedOutByTheOwnerAndAnsweredAlike() throws Exception {
        String prefix = "writer-" + UUID.randomUUID().toString().substring(0, 8);
        try (ServiceProcess a = ServiceProcess.start("writer-a", prefix, Map.of());
                ServiceProcess b = ServiceProcess.start("writer-b", prefix, Map.of())) {
            Map<String, String> owners = ownersOfEveryPartition(a, b, prefix);
            String ofB = queueOwnedBy(owners, "writer-b");
            String ofA = queueOwnedBy(owners, "writer-a");
            List<String> viaNonOwner = new ArrayList<>();
            List<String> viaOwner = new ArrayList<>();
            for (String queue : List.of(ofB, ofA)) {
                assertThat(a.post("/api/queues/" + queue + "/pause", "").statusCode()).isEqualTo(200);
            }
            // The same requests, all made on instance a: for queue ofB it is not the owner, for ofA it is.
            List<String> remote = requestsOnA(a, ofB, viaNonOwner);
            List<String> local = requestsOnA(a, ofA, viaOwner);
            assertThat(remote).isEqualTo(local);
            assertThat(remote).startsWith("202 CANCELLED", "202 PENDING", "202 PAUSED", "202 PENDING")
                    .endsWith("204", "gone");

            assertThat(a.post("/api/queues/" + ofB + "/resume", "").statusCode()).isEqualTo(200);
            String sleeper = InstanceRestartIT.id(a.post("/api/queues/" + ofB + "/tasks",
                    aShellTask("sleep 30").json()).body());
            viaNonOwner.add(sleeper);
            await().atMost(Duration.ofSeconds(30)).until(() -> status(a, sleeper), "RUNNING"::equals);
            assertThat(a.post("/api/tasks/" + sleeper + "/cancel", "").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> status(a, sleeper), "CANCELLED"::equals);
            assertThat(owners).containsEntry(ofB, runOnce(a, ofB));

            assertWrittenOnlyBy(prefix, viaNonOwner, "writer-b");
            assertWrittenOnlyBy(prefix, viaOwner, "writer-a");
        }
    }

    @Test
    void aRequestNoOwnerAnswersIsAServiceUnavailableProblem() throws Exception {
        String prefix = "writer-" + UUID.randomUUID().toString().substring(0, 8);
        try (ServiceProcess apiOnly = ServiceProcess.start("writer-api", prefix,
                Map.of("queuemgr.dispatch.enabled", "false", "queuemgr.control.reply-timeout", "PT3S"))) {
            String id = InstanceRestartIT.id(apiOnly.post("/api/tasks", aTask().json()).body());
            HttpResponse<String> answer = apiOnly.post("/api/tasks/" + id + "/cancel", "");
            assertThat(answer.statusCode()).isEqualTo(503);
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.path("type").asText()).isEqualTo("/problems/queue-owner-unavailable");
            assertThat(problem.path("detail").asText())
                    .isEqualTo("The instance that owns queue default did not answer; try again");
            assertThat(status(apiOnly, id)).isEqualTo("PENDING");
        }
    }

    /**
     * Cancel, retry, pause, resume, cancel, a refused resume, and delete of one task, each answered as status code and
     * the task's status (or the problem's type and detail with the task's id left out). After each answer, instance
     * a shows the task as the answer did; after the delete, a no longer lists it.
     */
    private static List<String> requestsOnA(ServiceProcess a, String queue, List<String> ids) throws Exception {
        String id = InstanceRestartIT.id(a.post("/api/queues/" + queue + "/tasks", aTask().json()).body());
        ids.add(id);
        List<String> answers = new ArrayList<>();
        for (String verb : List.of("cancel", "retry", "pause", "resume", "cancel", "resume")) {
            HttpResponse<String> answer = a.post("/api/tasks/" + id + "/" + verb, "");
            JsonNode body = JSON.readTree(answer.body());
            if (answer.statusCode() == 202) {
                answers.add("202 " + body.path("status").asText());
                assertThat(JSON.readTree(a.get("/api/tasks/" + id).body()).path("version"))
                        .isEqualTo(body.path("version"));
            } else {
                answers.add(answer.statusCode() + " " + body.path("type").asText() + " "
                        + body.path("detail").asText().replace(id, "<id>"));
            }
        }
        answers.add(Integer.toString(delete(a, "/api/tasks/" + id)));
        // Gone from a's registry once answered (a later GET of the id may still find its history row).
        JsonNode listed = JSON.readTree(a.get("/api/tasks?queue=" + queue + "&limit=1000").body()).path("items");
        answers.add(listed.findValuesAsText("id").contains(id) ? "still listed" : "gone");
        return answers;
    }

    /** Which instance owns each queue, one queue per partition: the instance that ran a task of it. */
    private static Map<String, String> ownersOfEveryPartition(ServiceProcess a, ServiceProcess b, String prefix)
            throws Exception {
        Map<String, String> owners = new HashMap<>();
        for (String queue : WorkPartitions.queueOnEach(prefix)) {
            assertThat(a.post("/api/queues", "{\"name\":\"" + queue + "\"}").statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.get("/api/queues/" + queue).statusCode() == 200);
            owners.put(queue, runOnce(a, queue));
        }
        return owners;
    }

    private static String runOnce(ServiceProcess via, String queue) throws Exception {
        String id = InstanceRestartIT.id(via.post("/api/queues/" + queue + "/tasks", aTask().json()).body());
        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(
                () -> JSON.readTree(via.get("/api/tasks/" + id).body()),
                t -> TaskApi.FINAL.contains(t.path("status").asText()));
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        return done.path("workerId").asText();
    }

    private static String queueOwnedBy(Map<String, String> owners, String instance) {
        return owners.entrySet().stream().filter(e -> e.getValue().equals(instance)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError(instance + " owns no queue: " + owners));
    }

    private static String status(ServiceProcess via, String id) throws IOException {
        return JSON.readTree(via.get("/api/tasks/" + id).body()).path("status").asText();
    }

    private static int delete(ServiceProcess via, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(via.baseUrl() + path)).DELETE()
                .header("Authorization", AdminToken.bearer()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Every record of the tasks on the status topic after the first (the submission) names {@code writer}. */
    private static void assertWrittenOnlyBy(String prefix, List<String> ids, String writer) {
        Map<String, List<String>> writers = new HashMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            String topic = prefix + ".task-status";
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<String> wanted = Set.copyOf(ids);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    boolean submission = io.queuemgr.messaging.SnapshotSeal.read(r.headers()).version() == 1;
                    if (wanted.contains(r.key()) && !submission) {
                        Header by = r.headers().lastHeader("qm-writer");
                        writers.computeIfAbsent(r.key(), k -> new ArrayList<>())
                                .add(by == null ? "nobody" : new String(by.value(), StandardCharsets.UTF_8));
                    }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        assertThat(writers.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(writers.values()).allSatisfy(by -> assertThat(by).containsOnly(writer));
    }
}
