package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.PlainRecords;
import io.queuemgr.testing.ServiceProcess;
import io.queuemgr.testing.WorkPartitions;

/**
 * Finished tasks past the retention leave the registry for good (tombstoned, so a restart does not bring them back)
 * and stay readable from PostgreSQL history; dead letters have a retention of their own.
 */
class RetentionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SHORT_RETENTION = Map.of(
            "queuemgr.registry.retention", "PT2S",
            "queuemgr.registry.sweep-interval", "PT0.5S");

    @Test
    void finishedTasksLeaveTheRegistryAfterTheRetentionAndStayInHistory() throws Exception {
        String prefix = "ret-" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "ret-" + UUID.randomUUID().toString().substring(0, 8);
        String done;
        String dead;
        JsonNode finished;
        try (ServiceProcess a = ServiceProcess.start("ret-a", prefix, SHORT_RETENTION)) {
            assertThat(a.post("/api/queues", "{\"name\":\"" + queue + "\"}").statusCode()).isEqualTo(201);
            done = InstanceRestartIT.id(a.post("/api/queues/" + queue + "/tasks",
                    aTask().withCategory("reports").withTags("nightly").withParam("echo", "kept").json()).body());
            dead = InstanceRestartIT.id(a.post("/api/queues/" + queue + "/tasks",
                    aShellTask("exit 3").with("maxRetries", 0).json()).body());
            finished = await().atMost(Duration.ofSeconds(30)).until(() -> task(a, done),
                    t -> "COMPLETED".equals(t.path("status").asText()));

            // Gone from the registry's listing, still answered by id and listed from history.
            await().atMost(Duration.ofSeconds(30)).until(() -> !listed(a, "/api/tasks?queue=" + queue, done));
            assertThat(task(a, done)).isEqualTo(finished);
            // As another instance asks (split holding): from this instance's registry alone, where it is not.
            assertThat(a.get("/api/tasks/" + done, "Queuemgr-Scope", "instance").statusCode()).isEqualTo(404);
            assertThat(listed(a, "/api/tasks/history?queue=" + queue + "&category=reports&tag=nightly", done))
                    .isTrue();
            // The dead letter keeps its own, longer retention.
            assertThat(listed(a, "/api/queues/" + queue + "/dead", dead)).isTrue();
            a.stop();
        }
        try (ServiceProcess b = ServiceProcess.start("ret-b", prefix, SHORT_RETENTION)) {
            // Rebuilt from the status topic, the registry does not hold the released task again.
            assertThat(listed(b, "/api/tasks?queue=" + queue, done)).isFalse();
            assertThat(listed(b, "/api/queues/" + queue + "/dead", dead)).isTrue();
            assertThat(task(b, done)).isEqualTo(finished);
            assertThat(b.get("/api/tasks/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
            assertThat(b.get("/api/tasks/history?finishedAfter=yesterday").statusCode()).isEqualTo(400);
        }
    }

    /**
     * A task an instance of an earlier version submitted has its PENDING snapshot on the status partition its id
     * gives, not on its queue's. Its tombstone has to reach that partition too, or a registry rebuilt from the topic
     * would hold that PENDING snapshot for good.
     */
    @Test
    void aTaskSubmittedByAnEarlierVersionLeavesForGoodThoughItsFirstSnapshotIsOnThePartitionOfItsId()
            throws Exception {
        String prefix = "ret-" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "ret-" + UUID.randomUUID().toString().substring(0, 8);
        int byQueue = QueuePartitions.partitionOf(queue, WorkPartitions.PARTITIONS);
        UUID id = WorkPartitions.idOffThePartitionOf(queue);
        Task pending = aTask().withId(id.toString()).inQueue(queue).withParam("echo", "earlier").pending();
        byte[] json = new TaskCodec(PlainRecords.MAPPER).encode(pending);
        try (ServiceProcess a = ServiceProcess.start("ret-c", prefix, SHORT_RETENTION)) {
            assertThat(a.post("/api/queues", "{\"name\":\"" + queue + "\"}").statusCode()).isEqualTo(201);
            try (var producer = producer()) {
                producer.send(new ProducerRecord<>(prefix + ".task-status",
                        QueuePartitions.partitionOf(id.toString(), WorkPartitions.PARTITIONS), id.toString(), json,
                        SnapshotHeaders.of(pending, "earlier-version"))).get();
                producer.send(new ProducerRecord<>(prefix + ".tasks", queue, json)).get();
            }
            String done = id.toString();
            await().atMost(Duration.ofSeconds(30)).until(() -> task(a, done).path("status").asText(),
                    "COMPLETED"::equals);
            await().atMost(Duration.ofSeconds(30)).until(() -> !listed(a, "/api/tasks?queue=" + queue, done));
            a.stop();
        }
        // Both partitions that hold records of the task end with its tombstone, so that compaction drops them all.
        int byId = QueuePartitions.partitionOf(id.toString(), WorkPartitions.PARTITIONS);
        assertThat(lastRecordOf(prefix + ".task-status", byQueue, id.toString())).isNull();
        assertThat(lastRecordOf(prefix + ".task-status", byId, id.toString())).isNull();
        // A data directory of its own: the registry is rebuilt from the whole status topic, not a checkpoint.
        try (ServiceProcess b = ServiceProcess.start("ret-d", prefix, Map.of("queuemgr.data-dir",
                LocalStack.projectRoot().resolve("target/it-data/" + prefix + "-rebuilt").toString()))) {
            assertThat(listed(b, "/api/tasks?queue=" + queue, id.toString())).isFalse();
            assertThat(task(b, id.toString()).path("status").asText()).isEqualTo("COMPLETED");
        }
    }

    /** The value of the key's last record on one partition of the topic; fails when the key has none there. */
    private static byte[] lastRecordOf(String topic, int partition, String key) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap());
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<String, byte[]>> ofKey = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).records(tp).stream().filter(r -> key.equals(r.key()))
                        .forEach(ofKey::add);
                return consumer.position(tp) >= end;
            });
            assertThat(ofKey).as("records of %s on %s", key, tp).isNotEmpty();
            return ofKey.getLast().value();
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static JsonNode task(ServiceProcess via, String id) throws Exception {
        return JSON.readTree(via.get("/api/tasks/" + id).body());
    }

    private static boolean listed(ServiceProcess via, String path, String id) throws Exception {
        for (JsonNode t : JSON.readTree(via.get(path + (path.contains("?") ? "&" : "?") + "limit=1000").body())
                .path("items")) {
            if (id.equals(t.path("id").asText())) {
                return true;
            }
        }
        return false;
    }
}
