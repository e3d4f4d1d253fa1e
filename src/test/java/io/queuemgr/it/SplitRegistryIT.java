package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.events.SseWatch;
import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.PlainRecords;
import io.queuemgr.testing.ScheduleApi;
import io.queuemgr.testing.ServiceProcess;
import io.queuemgr.testing.TaskApi;
import io.queuemgr.testing.TaskBuilder;
import io.queuemgr.testing.WorkPartitions;

/**
 * With {@code queuemgr.registry.holding=dispatched}, instances split the registry: each holds the tasks of the queues
 * it dispatches, and takes over the tasks of the queues that move to it.
 */
class SplitRegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SPLIT = Map.of("queuemgr.registry.holding", "dispatched",
            "queuemgr.registry.let-go-after", "PT10S");

    @Test
    void eachInstanceHoldsTheTasksOfTheQueuesItDispatchesAndTakesTheOthersOverWhenTheyMoveToIt() throws Exception {
        String prefix = "split-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> ownerOf = new HashMap<>();
        Map<String, String> queueOf = new HashMap<>();
        try (ServiceProcess a = ServiceProcess.start("split-a", prefix, split(prefix, "a"));
                ServiceProcess b = ServiceProcess.start("split-b", prefix, firingNoSchedules(split(prefix, "b")))) {
            List<String> queues = WorkPartitions.queueOnEach(prefix);
            for (String queue : queues) {
                assertThat(a.post("/api/queues", "{\"name\":\"" + queue + "\"}").statusCode()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(5)).until(() -> b.get("/api/queues/" + queue).statusCode() == 200);
            }
            // Submitted through both instances, whichever dispatches the queue.
            for (String queue : queues) {
                for (ServiceProcess via : List.of(a, b)) {
                    String id = InstanceRestartIT.id(
                            via.post("/api/queues/" + queue + "/tasks", aTask().json()).body());
                    queueOf.put(id, queue);
                }
            }
            for (String id : queueOf.keySet()) {
                // Answered by whichever instance is asked: from its registry, or from history.
                JsonNode done = await().atMost(Duration.ofSeconds(60)).until(() -> task(a, id),
                        t -> TaskApi.FINAL.contains(t.path("status").asText()));
                assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
                ownerOf.put(queueOf.get(id), done.path("workerId").asText());
            }
            assertThat(new HashSet<>(ownerOf.values())).containsExactlyInAnyOrder("split-a", "split-b");

            // Partitions taken away are let go once queuemgr.registry.let-go-after has passed.
            Set<String> heldByB = idsDispatchedBy("split-b", queueOf, ownerOf);
            await().atMost(Duration.ofSeconds(60)).until(
                    () -> listed(a).equals(idsDispatchedBy("split-a", queueOf, ownerOf)) && listed(b).equals(heldByB));
            assertThat(registryTasks(a) + registryTasks(b)).isEqualTo(queueOf.size());

            // Reads are routed: through either instance every task is listed, page by page, once.
            for (ServiceProcess via : List.of(a, b)) {
                assertThat(pagedThrough(via, 5)).containsExactlyInAnyOrderElementsOf(queueOf.keySet());
            }
            // A waiting task of a queue b dispatches is read, its logs too, and cancelled through a, which does not
            // hold it: not from history, where an unfinished task is not.
            String queueOfB = queueOf.get(heldByB.iterator().next());
            String waiting = InstanceRestartIT.id(
                    a.post("/api/queues/" + queueOfB + "/tasks", aTask().with("hold", true).json()).body());
            await().atMost(Duration.ofSeconds(20)).until(() -> listed(b).contains(waiting));
            assertThat(listed(a)).doesNotContain(waiting);
            assertThat(task(a, waiting).path("status").asText()).isEqualTo("PAUSED");
            assertThat(a.get("/api/tasks/" + waiting + "/logs").statusCode()).isEqualTo(200);
            var cancelled = a.post("/api/tasks/" + waiting + "/cancel", "");
            assertThat(cancelled.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(cancelled.body()).path("id").asText()).isEqualTo(waiting);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> task(b, waiting).path("status").asText().equals("CANCELLED"));
            assertThat(a.get("/api/tasks/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
            queueOf.put(waiting, queueOfB);

            // A queue's statistics and dead letters come from the instance that dispatches it.
            String failed = InstanceRestartIT.id(a.post("/api/queues/" + queueOfB + "/tasks",
                    aShellTask("exit 7").with("maxRetries", 0).json()).body());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> task(a, failed).path("status").asText().equals("FAILED"));
            queueOf.put(failed, queueOfB);
            String statsBody = a.get("/api/queues/" + queueOfB + "/stats").body();
            JsonNode stats = JSON.readTree(statsBody);
            assertThat(stats.path("total").asLong()).as(statsBody).isEqualTo(4);
            assertThat(stats.path("byStatus").path("FAILED").asLong()).isEqualTo(1);
            assertThat(JSON.readTree(a.get("/api/queues/" + queueOfB + "/stats", "Queuemgr-Scope", "instance")
                    .body()).path("total").asLong()).isZero();
            // Statistics over every queue combine both instances' figures, whichever is asked.
            for (ServiceProcess via : List.of(a, b)) {
                String allBody = via.get("/api/stats").body();
                JsonNode all = JSON.readTree(allBody);
                assertThat(all.path("total").asLong()).as(allBody).isEqualTo(queueOf.size());
                assertThat(all.path("byStatus").path("FAILED").asLong()).isEqualTo(1);
                assertThat(all.path("runTimeMs").path("count").asLong()).isEqualTo(queueOf.size() - 1);
                assertThat(all.has("unanswered")).isFalse();
                assertThat(all.path("runTimeMs").has("points")).isFalse();
            }
            assertThat(JSON.readTree(a.get("/api/stats", "Queuemgr-Scope", "instance").body()).path("total")
                    .asLong()).isEqualTo(registryTasks(a)).isLessThan(queueOf.size());
            assertThat(ids(a.get("/api/queues/" + queueOfB + "/dead").body())).containsExactly(failed);
            assertThat(ids(a.get("/api/queues/failed-tasks").body())).containsExactly(failed);
            assertThat(a.delete("/api/queues/" + queueOfB + "/dead/" + failed).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(20)).until(() -> !listed(b).contains(failed));
            queueOf.remove(failed);
            // A queue with a waiting task is not deleted through the instance that does not hold its tasks either.
            String held = InstanceRestartIT.id(
                    a.post("/api/queues/" + queueOfB + "/tasks", aTask().with("hold", true).json()).body());
            await().atMost(Duration.ofSeconds(20)).until(() -> listed(b).contains(held));
            var refused = a.delete("/api/queues/" + queueOfB);
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("queue-has-active-tasks");
            assertThat(a.post("/api/tasks/" + held + "/cancel", "").statusCode()).isEqualTo(202);
            queueOf.put(held, queueOfB);

            // Task events through a tell of every task's changes, b's included, from the first to the last.
            try (SseWatch watch = SseWatch.open(URI.create(a.baseUrl() + "/api/events?queue=" + queueOfB), null)) {
                String watched = InstanceRestartIT
                        .id(b.post("/api/queues/" + queueOfB + "/tasks", aTask().json()).body());
                queueOf.put(watched, queueOfB);
                await().atMost(Duration.ofSeconds(30)).until(() -> watch.of(watched).stream()
                        .anyMatch(e -> e.task().path("status").asText().equals("COMPLETED")));
                assertThat(watch.of(watched).get(0).task().path("status").asText()).isEqualTo("PENDING");
            }

            // Each instance asks its peers on its own behalf with a token of its own, made at start.
            assertThat(tokenNames(a)).contains("instance:split-a", "instance:split-b");
            for (JsonNode t : JSON.readTree(a.get("/api/tokens").body())) {
                if (t.path("name").asText().startsWith("instance:")) {
                    assertThat(t.path("roles").toString()).isEqualTo("[\"viewer\",\"peer\"]");
                }
            }
            // A schedule with overlap skip, fired by a (b fires none), does not fire while its task runs on b.
            String schedule = "split-skip-" + UUID.randomUUID().toString().substring(0, 8);
            ObjectNode body = ScheduleApi.aSchedule(schedule, "* * * * * *", "skip", schedule, 2500);
            ((ObjectNode) body.get("task")).put("queue", queueOfB);
            assertThat(a.post("/api/schedules", body.toString()).statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(40)).until(() -> tagged(a, schedule).size() >= 3);
            assertThat(a.delete("/api/schedules/" + schedule).statusCode()).isEqualTo(204);
            List<JsonNode> fired = new ArrayList<>();
            for (JsonNode t : tagged(a, schedule)) {
                queueOf.put(t.path("id").asText(), queueOfB);
                fired.add(await().atMost(Duration.ofSeconds(30)).until(() -> task(a, t.path("id").asText()),
                        done -> done.path("status").asText().equals("COMPLETED")));
            }
            fired.sort(Comparator.comparing(t -> Instant.parse(t.path("createdAt").asText())));
            for (int i = 1; i < fired.size(); i++) {
                assertThat(fired.get(i).path("workerId").asText()).isEqualTo("split-b");
                assertThat(Instant.parse(fired.get(i).path("createdAt").asText()))
                        .isAfterOrEqualTo(Instant.parse(fired.get(i - 1).path("finishedAt").asText()));
            }

            // data.export of the live tasks, run by a, writes every instance's tasks.
            String queueOfA = ownerOf.entrySet().stream().filter(e -> e.getValue().equals("split-a")).findFirst()
                    .orElseThrow().getKey();
            // Under /tmp, one of the file roots a task may write to by default.
            java.nio.file.Path file = java.nio.file.Path.of("/tmp", prefix + "-export.jsonl");
            String export = InstanceRestartIT.id(a.post("/api/queues/" + queueOfA + "/tasks",
                    "{\"type\":\"data.export\",\"params\":{\"what\":\"tasks\",\"destination\":\"" + file
                            + "\",\"format\":\"jsonl\"}}")
                    .body());
            queueOf.put(export, queueOfA);
            JsonNode exported = await().atMost(Duration.ofSeconds(30)).until(() -> task(a, export),
                    t -> TaskApi.FINAL.contains(t.path("status").asText()));
            assertThat(exported.path("status").asText()).as(exported.toString()).isEqualTo("COMPLETED");
            assertThat(exported.path("workerId").asText()).isEqualTo("split-a");
            Set<String> lines = new HashSet<>();
            for (String line : Files.readAllLines(file)) {
                lines.add(JSON.readTree(line).path("id").asText());
            }
            Files.delete(file);
            assertThat(lines).containsAll(queueOf.keySet()).containsAll(heldByB);

            // A submission with an idempotency key, or with an id of the caller's, is made where its queue's tasks
            // are: its repeat through either instance finds the task the first made, a moment after the first 202.
            String key = "split-key-" + UUID.randomUUID();
            String keyedBody = aTask().with("hold", true).json();
            var first = a.post("/api/queues/" + queueOfB + "/tasks", keyedBody, "Idempotency-Key", key);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            String keyed = InstanceRestartIT.id(first.body());
            // Where the task is, as the instance asked tells it, not the address of the one that made it.
            assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("/api/tasks/" + keyed)
                    .doesNotContain(b.baseUrl().substring(b.baseUrl().lastIndexOf(':')));
            for (ServiceProcess via : List.of(b, a)) {
                var again = via.post("/api/queues/" + queueOfB + "/tasks", keyedBody, "Idempotency-Key", key);
                assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
                assertThat(InstanceRestartIT.id(again.body())).isEqualTo(keyed);
            }
            // An instance asked to make a keyed submission for a queue it does not dispatch refuses it (503): made
            // there, a repeat would not find it.
            var misplaced = a.post("/api/tasks", aTask().inQueue(queueOfB).json(), "Idempotency-Key", key,
                    "Queuemgr-Scope", "instance");
            assertThat(misplaced.statusCode()).as(misplaced.body()).isEqualTo(503);
            assertThat(misplaced.body()).contains("peer-unavailable", "moving between instances");
            var reused = a.post("/api/tasks", aTask().inQueue(queueOfB).json(), "Idempotency-Key", key);
            assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
            assertThat(reused.body()).contains("idempotency-key-reused");
            String chosen = UUID.randomUUID().toString();
            String withId = aTask().inQueue(queueOfB).with("hold", true).withId(chosen).json();
            assertThat(a.post("/api/tasks", withId).statusCode()).isEqualTo(202);
            var repeated = a.post("/api/tasks", withId);
            assertThat(repeated.statusCode()).as(repeated.body()).isEqualTo(200);
            assertThat(listed(a)).doesNotContain(keyed, chosen);
            for (String id : List.of(keyed, chosen)) {
                assertThat(a.post("/api/tasks/" + id + "/cancel", "").statusCode()).isEqualTo(202);
                queueOf.put(id, queueOfB);
            }

            // So is a keyed item of a bulk submission, item by item: a repeat through the same instance finds it.
            String bulkKey = "split-bulk-" + UUID.randomUUID();
            String bulk = "[" + aTask().inQueue(queueOfB).with("hold", true).with("idempotencyKey", bulkKey).json()
                    + "," + aTask().inQueue(queueOfA).json() + "]";
            JsonNode firstBulk = JSON.readTree(a.post("/api/tasks/bulk", bulk).body());
            assertThat(firstBulk.path(0).path("status").asInt()).as(firstBulk.toString()).isEqualTo(202);
            assertThat(firstBulk.path(1).path("status").asInt()).isEqualTo(202);
            JsonNode repeatedBulk = JSON.readTree(a.post("/api/tasks/bulk", bulk).body());
            assertThat(repeatedBulk.path(0).path("status").asInt()).as(repeatedBulk.toString()).isEqualTo(200);
            assertThat(repeatedBulk.path(0).path("id").asText()).isEqualTo(firstBulk.path(0).path("id").asText());
            String fromBulk = firstBulk.path(0).path("id").asText();
            assertThat(a.post("/api/tasks/" + fromBulk + "/cancel", "").statusCode()).isEqualTo(202);
            queueOf.put(fromBulk, queueOfB);
            queueOf.put(firstBulk.path(1).path("id").asText(), queueOfA);
            queueOf.put(repeatedBulk.path(1).path("id").asText(), queueOfA);

            // A keyed Kafka submission is made where its queue's tasks are, whichever instance reads it: the same
            // record on every submit partition, read by both, is one task.
            String kafkaKey = "split-kafka-" + UUID.randomUUID();
            keyedOnEveryPartition(a, prefix, queueOfB, kafkaKey, true, queueOf);
            // Counted by tag: the key's index names one task however many were made.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> tagged(a, kafkaKey).size() == 1);
            String fromKafka = tagged(a, kafkaKey).get(0).path("id").asText();
            assertThat(a.post("/api/tasks/" + fromKafka + "/cancel", "").statusCode()).isEqualTo(202);
            queueOf.put(fromKafka, queueOfB);

            // A task submitted through a, which does not hold its queue, is read at once through either instance:
            // until b has read its first snapshot, a answers with the task it made. A change asked that soon is done,
            // or refused with 503 and done when asked again; never a 404.
            for (int i = 0; i < 10; i++) {
                String fresh = InstanceRestartIT.id(
                        a.post("/api/queues/" + queueOfB + "/tasks", aTask().with("hold", true).json()).body());
                queueOf.put(fresh, queueOfB);
                for (ServiceProcess via : List.of(a, b)) {
                    var read = via.get("/api/tasks/" + fresh);
                    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
                    assertThat(JSON.readTree(read.body()).path("status").asText()).isEqualTo("PAUSED");
                }
                var cancel = a.post("/api/tasks/" + fresh + "/cancel", "");
                assertThat(cancel.statusCode()).as(cancel.body()).isIn(202, 503);
                if (cancel.statusCode() == 503) {
                    assertThat(cancel.body()).contains("submitted a moment ago");
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> a.post("/api/tasks/" + fresh + "/cancel", "").statusCode() == 202);
                }
            }

            // An operator revokes b's own token (its secret leaked): b makes itself a new secret at once, and what it
            // asks a on its own behalf still works: keyed Kafka records for a queue a holds, read by b, are handed to
            // a (a marker after each on its partition is made only once the keyed record before it was).
            String oldHash = tokenHash("instance:split-b");
            assertThat(oldHash).isNotNull();
            var revoked = a.delete("/api/tokens/instance:split-b");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(JSON.readTree(revoked.body()).path("revokedAt").isNull()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String now = tokenHash("instance:split-b");
                return now != null && !now.equals(oldHash);
            });
            String newHash = tokenHash("instance:split-b");
            String renewedKey = "split-renewed-" + UUID.randomUUID();
            keyedOnEveryPartition(a, prefix, queueOfA, renewedKey, false, queueOf);
            await().atMost(Duration.ofSeconds(10)).until(() -> tagged(a, renewedKey).size() == 1);
            queueOf.put(tagged(a, renewedKey).get(0).path("id").asText(), queueOfA);
            // Renewed once: the new secret is the one b kept using for the hand-overs above.
            assertThat(tokenHash("instance:split-b")).isEqualTo(newHash);
            // The operator sees the renewal: in the audit trail, by b itself, and in the token list as made after the
            // revocation.
            await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(
                    a.get("/api/audit?action=token.renew&target=instance:split-b").body()).path("items").size() == 1);
            JsonNode renewal = JSON.readTree(a.get("/api/audit?action=token.renew&target=instance:split-b").body())
                    .path("items").path(0);
            assertThat(renewal.path("principal").asText()).isEqualTo("instance:split-b");
            Instant revokedAt = Instant.parse(JSON.readTree(revoked.body()).path("revokedAt").asText());
            JsonNode listed = null;
            for (JsonNode t : JSON.readTree(a.get("/api/tokens").body())) {
                listed = "instance:split-b".equals(t.path("name").asText()) ? t : listed;
            }
            assertThat(listed).as("instance:split-b in the token list").isNotNull();
            assertThat(listed.has("revokedAt")).as(listed.toString()).isFalse();
            assertThat(Instant.parse(listed.path("createdAt").asText())).isAfter(revokedAt);

            // Restarted, b reads from its checkpoint the partitions it held, not the whole topic.
            List<Integer> ofB = partitionsOf(a, "split-b");
            b.stop();
            // A clean stop removes b's own token with its address.
            assertThat(tokenNames(a)).contains("instance:split-a").doesNotContain("instance:split-b");
            try (ServiceProcess again = ServiceProcess.start("split-b", prefix, split(prefix, "b"))) {
                String log = Files.readString(again.log());
                assertThat(log).contains("The registry reads the status partitions " + ofB + "; 0 tasks");
                assertThat(log.indexOf("The registry reads the status partitions " + ofB))
                        .isLessThan(log.indexOf("Registry rebuilt from the status topic and its checkpoint"));
                // It holds the tasks of the queues the group gives it now, and keeps them past
                // queuemgr.registry.let-go-after: its first, empty, assignment let nothing go for good.
                await().atMost(Duration.ofSeconds(30)).until(() -> !partitionsOf(a, "split-b").isEmpty());
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> listed(again).equals(idsOn(partitionsOf(a, "split-b"), queueOf)));
                await().during(Duration.ofSeconds(14)).atMost(Duration.ofSeconds(40))
                        .until(() -> listed(again).equals(idsOn(partitionsOf(a, "split-b"), queueOf)));
                // Killed: until the group drops it, a's listings say whose tasks they lack.
                again.kill();
                await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(a.get("/api/tasks").body())
                        .path("unanswered").toString().equals("[\"split-b\"]"));
            }
            // Every queue is a's now: it reads the tasks of b's queues back from the status topic.
            await().atMost(Duration.ofSeconds(60)).until(() -> listed(a).equals(queueOf.keySet()));
            assertThat(registryTasks(a)).isEqualTo(queueOf.size());
        }
    }

    @Test
    void splitHoldingIsRefusedWhileAWaitingTaskHasItsNewestSnapshotWhereAnEarlierVersionPutIt() throws Exception {
        String prefix = "split-" + UUID.randomUUID().toString().substring(0, 8);
        String queue = WorkPartitions.queueOnEach(prefix).get(0);
        UUID id = WorkPartitions.idOffThePartitionOf(queue);
        try (ServiceProcess earlier = ServiceProcess.start("guard-0", prefix, Map.of())) {
            assertThat(earlier.post("/api/queues", "{\"name\":\"" + queue + "\"}").statusCode()).isEqualTo(201);
            // As a version before the queue layout left a waiting task: PENDING on the partition of its id.
            Task pending = aTask().withId(id.toString()).inQueue(queue).pending();
            try (var producer = producer()) {
                producer.send(new ProducerRecord<>(prefix + ".task-status",
                        QueuePartitions.partitionOf(id.toString(), WorkPartitions.PARTITIONS), id.toString(),
                        new TaskCodec(PlainRecords.MAPPER).encode(pending))).get();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> readiness(earlier, "registryMisplaced") == 1);
        }
        try (ServiceProcess a = ServiceProcess.start("guard-a", prefix, SPLIT);
                ServiceProcess b = ServiceProcess.start("guard-b", prefix, SPLIT)) {
            // Refused: both hold every task, though one of them dispatches the queue.
            await().atMost(Duration.ofSeconds(30)).until(() -> dispatches(a, queue) != null);
            assertThat(listed(a)).contains(id.toString());
            assertThat(listed(b)).contains(id.toString());
            assertThat(a.log()).content().contains("queuemgr.registry.holding=dispatched is refused: 1 tasks");
            assertThat(b.log()).content().contains("queuemgr.registry.holding=dispatched is refused: 1 tasks");

            assertThat(a.post("/api/tasks/" + id + "/cancel", "").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> readiness(a, "registryMisplaced") == 0
                    && readiness(b, "registryMisplaced") == 0);
            b.stop();
            try (ServiceProcess again = ServiceProcess.start("guard-b", prefix, SPLIT)) {
                // Split now: the task is held by the instance that dispatches its queue only. The group may say who
                // dispatches it a moment before that instance has read its tasks.
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Boolean here = dispatches(again, queue);
                    return here != null && listed(again).contains(id.toString()) == here;
                });
                assertThat(again.log()).content().doesNotContain("is refused")
                        .contains("The registry holds the tasks of work partitions");
            }
        }
    }

    /**
     * Sends a task of {@code queue} keyed {@code key} (and tagged with it) to every submit partition, each followed on
     * its partition by an unkeyed marker task of the same queue, and waits until {@code via} finds every marker: a
     * marker is made only after the keyed record before it on its partition was handled.
     */
    private static void keyedOnEveryPartition(ServiceProcess via, String prefix, String queue, String key, boolean hold,
            Map<String, String> queueOf) {
        List<String> markers = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            String submit = prefix + ".submit";
            int count = producer.partitionsFor(submit).size();
            for (int p = 0; p < count; p++) {
                TaskBuilder keyed = aTask().inQueue(queue).withTags(key);
                if (hold) {
                    keyed.with("hold", true);
                }
                producer.send(new ProducerRecord<>(submit, p, key, keyed.json().getBytes(StandardCharsets.UTF_8)));
                String marker = UUID.randomUUID().toString();
                markers.add(marker);
                producer.send(new ProducerRecord<>(submit, p, null,
                        aTask().inQueue(queue).withId(marker).json().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        for (String marker : markers) {
            await().atMost(Duration.ofSeconds(30)).until(() -> via.get("/api/tasks/" + marker).statusCode() == 200);
            queueOf.put(marker, queue);
        }
    }

    /** The tasks of the queues on these work partitions. */
    private static Set<String> idsOn(List<Integer> partitions, Map<String, String> queueOf) {
        Set<String> ids = new HashSet<>();
        queueOf.forEach((id, queue) -> {
            if (partitions.contains(QueuePartitions.partitionOf(queue, WorkPartitions.PARTITIONS))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Each instance its own data directory, as each pod its own volume. */
    private static Map<String, String> firingNoSchedules(Map<String, String> config) {
        Map<String, String> with = new HashMap<>(config);
        with.put("queuemgr.schedules.enabled", "false");
        return with;
    }

    /** The hash PostgreSQL keeps of the named token's secret, if it is there and not revoked. */
    private static String tokenHash(String name) throws SQLException {
        LocalStack stack = LocalStack.get();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + stack.pgHost() + ":" + stack.pgPort()
                + "/" + stack.pgDb(), stack.pgUser(), stack.pgPassword());
                PreparedStatement q = c.prepareStatement(
                        "SELECT token_hash FROM api_token WHERE name = ? AND revoked_at IS NULL")) {
            q.setString(1, name);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static List<String> tokenNames(ServiceProcess via) throws IOException {
        List<String> names = new ArrayList<>();
        JSON.readTree(via.get("/api/tokens").body()).forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    /** The tasks carrying the tag, through the instance. */
    private static List<JsonNode> tagged(ServiceProcess via, String tag) throws IOException {
        List<JsonNode> tasks = new ArrayList<>();
        JSON.readTree(via.get("/api/tasks?limit=1000&tag=" + tag).body()).path("items").forEach(tasks::add);
        return tasks;
    }

    private static Map<String, String> split(String prefix, String instance) {
        return Map.of("queuemgr.registry.holding", "dispatched", "queuemgr.registry.let-go-after", "PT10S",
                "queuemgr.data-dir",
                LocalStack.projectRoot().resolve("target/it-data/" + prefix + "-" + instance).toString());
    }

    /** The work partitions the instance dispatches, as the group says. */
    private static List<Integer> partitionsOf(ServiceProcess via, String instance) throws IOException {
        for (JsonNode m : JSON.readTree(via.get("/api/instances").body())) {
            if (instance.equals(m.path("id").asText())) {
                List<Integer> partitions = new ArrayList<>();
                m.path("partitions").forEach(p -> partitions.add(p.asInt()));
                return partitions;
            }
        }
        throw new AssertionError(instance + " is not in the dispatch group");
    }

    /** Whether the instance dispatches the queue now; null while the group is not settled over two members. */
    private static Boolean dispatches(ServiceProcess via, String queue) throws IOException {
        int partition = QueuePartitions.partitionOf(queue, WorkPartitions.PARTITIONS);
        JsonNode members = JSON.readTree(via.get("/api/instances").body());
        if (members.size() != 2) {
            return null;
        }
        for (JsonNode m : members) {
            for (JsonNode p : m.path("partitions")) {
                if (p.asInt() == partition) {
                    return m.path("self").asBoolean();
                }
            }
        }
        return null;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static Set<String> idsDispatchedBy(String instance, Map<String, String> queueOf,
            Map<String, String> ownerOf) {
        Set<String> ids = new HashSet<>();
        queueOf.forEach((id, queue) -> {
            if (instance.equals(ownerOf.get(queue))) {
                ids.add(id);
            }
        });
        return ids;
    }

    private static JsonNode task(ServiceProcess via, String id) throws IOException {
        return JSON.readTree(via.get("/api/tasks/" + id).body());
    }

    /** The tasks the instance holds: what it lists from its own registry, as it answers its peers. */
    private static Set<String> listed(ServiceProcess via) throws IOException {
        Set<String> ids = new HashSet<>();
        for (JsonNode t : JSON.readTree(via.get("/api/tasks?limit=1000", "Queuemgr-Scope", "instance").body())
                .path("items")) {
            ids.add(t.path("id").asText());
        }
        return ids;
    }

    private static List<String> ids(String page) throws IOException {
        List<String> ids = new ArrayList<>();
        JSON.readTree(page).path("items").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    /** Every task listed through the instance, following the cursor page by page. */
    private static List<String> pagedThrough(ServiceProcess via, int limit) throws IOException {
        List<String> ids = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = JSON.readTree(via.get("/api/tasks?limit=" + limit + "&cursor=" + cursor).body());
            assertThat(page.has("unanswered")).isFalse();
            page.path("items").forEach(t -> ids.add(t.path("id").asText()));
            cursor = page.path("nextCursor").asText("");
        } while (!cursor.isEmpty());
        return ids;
    }

    private static int registryTasks(ServiceProcess via) throws IOException {
        return readiness(via, "registryTasks");
    }

    private static int readiness(ServiceProcess via, String field) throws IOException {
        for (JsonNode check : JSON.readTree(via.get("/q/health/ready").body()).path("checks")) {
            if ("queuemgr".equals(check.path("name").asText())) {
                return check.path("data").path(field).asInt();
            }
        }
        throw new AssertionError("no queuemgr readiness check");
    }
}
