package io.queuemgr.submission;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.task.Task;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A submission can fail between its first snapshot and its work record (the broker went away, the instance died):
 * the task is known, PENDING, and has nothing that would run it. The client, told of an error, submits again with
 * the same id, and that repeat must get the task run.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class StrandedSubmissionTest {

    @Inject
    TaskStatusPublisher publisher;

    @Inject
    KafkaClients clients;

    @Inject
    Topics topics;

    @Test
    void submittingAgainRunsATaskWhoseWorkRecordNeverLanded() throws Exception {
        UUID id = UUID.randomUUID();
        // Only the PENDING snapshot reaches Kafka, as when a submission fails halfway.
        Task stranded = Task.pending(id, "default", "noop", JsonNodeFactory.instance.objectNode(), null, List.of(), 5,
                0, null, null, null, Instant.now());
        publisher.publishAsync(stranded).get();
        assertThat(given().get("/api/tasks/" + id).then().statusCode(200).extract().path("status").toString())
                .isEqualTo("PENDING");

        given().contentType(ContentType.JSON).body("{\"id\":\"" + id + "\",\"type\":\"noop\",\"params\":{}}")
                .post("/api/tasks").then().statusCode(200);
        assertThat(awaitFinal(id.toString(), Duration.ofSeconds(30)).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void aTaskWhoseWorkRecordKafkaRefusedRunsOnceKafkaTakesItWithoutBeingSubmittedAgain() throws Exception {
        UUID id;
        try (var refusing = new WorkTopicRefusingLargeRecords()) {
            id = refusing.strandOverRest();
            // Known as PENDING, with nothing on the work topic that would run it.
            assertThat(given().get("/api/tasks/" + id).then().statusCode(200).extract().path("status").toString())
                    .isEqualTo("PENDING");
        }
        // Nobody submits it again: the instance sends its work record until Kafka takes it, and the task runs once.
        JsonPath done = awaitFinal(id.toString(), Duration.ofSeconds(60));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result")).isEqualTo(LARGE_ECHO);
        assertThat(done.getInt("attempt")).isEqualTo(1);
    }

    @Test
    void aKafkaSubmissionWhoseWorkRecordKafkaRefusesIsMadeNotRejectedAndRunsOnceKafkaTakesIt() throws Exception {
        UUID large = UUID.randomUUID();
        UUID small = UUID.randomUUID();
        long largeAt;
        try (var refusing = new WorkTopicRefusingLargeRecords()) {
            refusing.strandOverRest();
            // Both on one partition of the submission topic, the large one first, in one batch.
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap(),
                    ProducerConfig.LINGER_MS_CONFIG, 100, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class.getName(), ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class.getName()))) {
                var sent = producer.send(new ProducerRecord<>(topics.submit(), 0, "stranded-" + large,
                        largeTask(large)));
                producer.send(new ProducerRecord<>(topics.submit(), 0, null,
                        "{\"id\":\"" + small + "\",\"type\":\"noop\",\"params\":{}}"));
                producer.flush();
                largeAt = sent.get().offset();
            }
            // While the work topic still refuses the first one's work record, the intake has gone on to the second.
            assertThat(awaitFinal(small.toString(), Duration.ofSeconds(30)).getString("status"))
                    .isEqualTo("COMPLETED");
            assertThat(given().get("/api/tasks/" + large).then().statusCode(200).extract().path("status")
                    .toString()).isEqualTo("PENDING");
            // The intake has committed past the large one: it is not read again and again while Kafka refuses it.
            TopicPartition submitted = new TopicPartition(topics.submit(), 0);
            try (Admin admin = clients.admin()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    var committed = admin.listConsumerGroupOffsets(topics.group("intake"))
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS).get(submitted);
                    return committed != null && committed.offset() > largeAt;
                });
            }
        }
        JsonPath done = awaitFinal(large.toString(), Duration.ofSeconds(60));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result")).isEqualTo(LARGE_ECHO);
        // Made, not refused: the submitter was never told that the task it got was too large.
        assertThat(rejectionsKeyed("stranded-" + large)).isEmpty();
    }

    /** The rejection records on the topic now with this key (the submission record's key). */
    private List<String> rejectionsKeyed(String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.submitRejected()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> found = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r.value());
                    }
                });
            }
            return found;
        }
    }

    private static final String LARGE_ECHO = "x".repeat(4_000);

    private static String largeTask(UUID id) {
        return "{\"id\":\"" + id + "\",\"type\":\"noop\",\"params\":{\"echo\":\"" + LARGE_ECHO + "\"}}";
    }

    /**
     * The work topic refusing records over 2 KiB, the status topic not: a large task's snapshot lands and its work
     * record does not, as when the work topic's partition has no leader for longer than the producer tries. Closing
     * lifts the limit.
     */
    private final class WorkTopicRefusingLargeRecords implements AutoCloseable {
        private final Admin admin = clients.admin();
        private final ConfigResource work = new ConfigResource(ConfigResource.Type.TOPIC, topics.tasks());

        WorkTopicRefusingLargeRecords() throws Exception {
            // First a submission Kafka takes whole, so that the caller's producer knows both topics' partitions: a
            // record it has to fetch them for waits, and the snapshot would then still wait when its work record
            // fails, and not be sent.
            given().contentType(ContentType.JSON).body(aTask().json()).post("/api/tasks").then().statusCode(202);
            alter(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2048"),
                    AlterConfigOp.OpType.SET));
        }

        /**
         * Submits large tasks over REST until one is answered 503 submission-incomplete (the broker applies the limit
         * a moment after it was set; until then they are taken); its id.
         */
        UUID strandOverRest() {
            AtomicReference<UUID> refused = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                UUID attempt = UUID.randomUUID();
                var answer = given().contentType(ContentType.JSON).body(largeTask(attempt)).post("/api/tasks");
                if (answer.statusCode() == 202) {
                    return false;
                }
                if (answer.statusCode() == 413) {
                    // The work record failed before the snapshot was handed over (the producer was still fetching
                    // the status topic's partitions): neither record is on Kafka, and the task is unknown.
                    given().get("/api/tasks/" + attempt).then().statusCode(404);
                    return false;
                }
                assertThat(answer.statusCode()).as(answer.body().asString()).isEqualTo(503);
                assertThat(answer.header("Retry-After")).isNotBlank();
                assertThat(answer.jsonPath().getString("type")).endsWith("/submission-incomplete");
                assertThat(answer.jsonPath().getString("detail")).contains(attempt.toString())
                        .contains("same task id");
                refused.set(attempt);
                return true;
            });
            return refused.get();
        }

        private void alter(AlterConfigOp op) throws Exception {
            admin.incrementalAlterConfigs(Map.of(work, List.of(op))).all().get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            try {
                alter(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""),
                        AlterConfigOp.OpType.DELETE));
            } finally {
                admin.close();
            }
        }
    }
}
