package io.queuemgr.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.fuzz.RecordFuzz.Fate;
import io.queuemgr.fuzz.RecordFuzz.FuzzRecord;
import io.queuemgr.testing.Kcat;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;

/**
 * Bad input never hurts, over Kafka: thousands of generated records on the submit topic each end as a rejection
 * with a reason (or, when a mutation left them valid, as a task), the intake never stalls, and good submissions sent
 * in between all complete. {@code -Dfuzz.seed=} repeats a run; {@code -Dfuzz.records=} sets its size.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SubmitTopicFuzzTest {

    private static final String SUBMIT = "queuemgr.submit";
    private static final String REJECTED = "queuemgr.submit.rejected";
    private static final int KCAT_CASES = 40;

    private final FuzzQueues queues = new FuzzQueues();

    @AfterEach
    void removeWhatTheRunMade() {
        queues.removeAll();
    }

    @Test
    void everyGeneratedRecordIsRejectedWithAReasonOrBecomesATaskAndIntakeGoesOn() throws Exception {
        FuzzRun run = FuzzRun.fromSystemProperties("SubmitTopicFuzzTest", "fuzz.records", 10_000);
        String parked = queues.parked("fz-kparked-" + run.tag());
        String good = queues.create("fz-kgood-" + run.tag(), "");
        RecordFuzz records = new RecordFuzz(parked, good, run.tag());
        FuzzRecord[] sent = new FuzzRecord[run.count()];
        AtomicReferenceArray<Object> outcome = new AtomicReferenceArray<>(run.count());
        List<UUID> mustComplete = new ArrayList<>();
        long started = System.nanoTime();

        try (KafkaConsumer<byte[], byte[]> rejections = rejectionsFromNow();
                KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < run.count(); i++) {
                FuzzRecord r = records.record(i, run.caseRandom(i));
                sent[i] = r;
                int index = i;
                producer.send(new ProducerRecord<>(SUBMIT, null, r.key(), r.value(), r.headers()),
                        (meta, error) -> outcome.set(index, error != null ? error : meta));
                if (r.goodId() != null) {
                    mustComplete.add(r.goodId());
                }
            }
            // One more good submission on every partition: once each has run, every record before it was read.
            int partitions = producer.partitionsFor(SUBMIT).size();
            for (int p = 0; p < partitions; p++) {
                UUID id = UUID.randomUUID();
                producer.send(new ProducerRecord<>(SUBMIT, p, null, JsonFuzz.utf8("{\"id\":\"" + id
                        + "\",\"type\":\"noop\",\"queue\":\"" + good + "\",\"params\":{}}")));
                mustComplete.add(id);
            }
            producer.flush();
            System.out.printf("SubmitTopicFuzzTest: %d records sent in %.1f s%n", run.count(),
                    (System.nanoTime() - started) / 1e9);

            List<String> unsent = new ArrayList<>();
            for (int i = 0; i < run.count(); i++) {
                if (!(outcome.get(i) instanceof RecordMetadata)) {
                    unsent.add(sent[i].describe() + " -> " + outcome.get(i));
                }
            }
            assertThat(unsent).as("records the broker did not take (seed %d)", run.seed()).isEmpty();

            awaitCompleted(good, mustComplete);
            System.out.printf("SubmitTopicFuzzTest: every good submission completed after %.1f s%n",
                    (System.nanoTime() - started) / 1e9);

            Map<String, JsonNode> rejected = new HashMap<>();
            long expected = java.util.Arrays.stream(sent).filter(r -> r.fate() == Fate.REJECTED).count();
            try {
                await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).until(() -> {
                    collect(rejections, rejected);
                    return countRejected(sent, outcome, rejected, Fate.REJECTED) >= expected;
                });
            } catch (ConditionTimeoutException e) {
                // Which records lack their rejection is told below.
            }
            collect(rejections, rejected);

            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < run.count(); i++) {
                RecordMetadata meta = (RecordMetadata) outcome.get(i);
                JsonNode rejection = rejected.get(place(meta.partition(), meta.offset()));
                String problem = fateProblem(sent[i], rejection, sent[i].key());
                if (problem != null) {
                    wrong.add(sent[i].describe() + "\n    -> " + problem + whatBecameOf(meta, sent[i].key()));
                }
            }
            System.out.printf("SubmitTopicFuzzTest: %d records, %d rejections, %d wrong, %.1f s in all%n",
                    run.count(), rejected.keySet().stream().filter(k -> !k.startsWith("key:")).count(), wrong.size(),
                    (System.nanoTime() - started) / 1e9);
            wrong.addAll(throughKcat(run, records, good, rejections, rejected));
            assertThat(wrong).as("records whose fate breaks the rules (seed %d)", run.seed()).isEmpty();
        }

        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        historyKeepsUp(parked, good, mustComplete.size());
    }

    /**
     * Some more cases through kcat, a Kafka client written in C, keyed so that their rejections can be found: what
     * the service makes of a record does not depend on the client that sent it. Cases a text line cannot carry (a
     * line break, bytes that are not UTF-8) or whose point is their key are left out.
     */
    private static List<String> throughKcat(FuzzRun run, RecordFuzz records, String good,
            KafkaConsumer<byte[], byte[]> rejections, Map<String, JsonNode> rejected) {
        Kcat kcat = new Kcat(LocalStack.get().kafkaBootstrap());
        Map<String, FuzzRecord> sent = new java.util.LinkedHashMap<>();
        for (int i = run.count(); i < run.count() + KCAT_CASES; i++) {
            FuzzRecord r = records.record(i, run.caseRandom(i));
            String value = r.value() == null ? null : strictUtf8(r.value());
            if (value == null || value.contains("\n") || value.length() > 100_000 || r.fate() == Fate.COMPLETES
                    || r.what().contains("key")) {
                continue;
            }
            String key = "fz-kcat-" + run.tag() + "-" + i;
            kcat.produce(SUBMIT, 0, key, value);
            sent.put(key, r);
        }
        String marker = UUID.randomUUID().toString();
        kcat.produce(SUBMIT, 0, null, "{\"id\":\"" + marker + "\",\"type\":\"noop\",\"queue\":\"" + good
                + "\",\"params\":{}}");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/tasks/" + marker).statusCode() == 200);
        long expected = sent.values().stream().filter(r -> r.fate() == Fate.REJECTED).count();
        try {
            await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
                collect(rejections, rejected);
                return sent.entrySet().stream().filter(e -> e.getValue().fate() == Fate.REJECTED
                        && rejected.containsKey("key:" + e.getKey())).count() >= expected;
            });
        } catch (ConditionTimeoutException e) {
            // Which records lack their rejection is told below.
        }
        List<String> wrong = new ArrayList<>();
        sent.forEach((key, r) -> {
            String problem = fateProblem(r, rejected.get("key:" + key), key.getBytes(StandardCharsets.UTF_8));
            if (problem != null) {
                wrong.add("through kcat, key " + key + ": " + r.describe() + "\n    -> " + problem);
            }
        });
        System.out.printf("SubmitTopicFuzzTest: %d more records through kcat, %d wrong%n", sent.size(), wrong.size());
        return wrong;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    /** Why the record's fate is wrong, or null. */
    private static String fateProblem(FuzzRecord r, JsonNode rejection, byte[] key) {
        if (rejection != null && (rejection.path("reason").asText("").isBlank()
                || !SUBMIT.equals(rejection.path("sourceTopic").asText()))) {
            return "a rejection without a reason or source: " + rejection;
        }
        return switch (r.fate()) {
            case REJECTED -> rejection == null ? "no rejection" : null;
            case COMPLETES -> rejection != null ? "rejected: " + rejection.path("reason").asText() : null;
            case TASK_OR_REJECTED -> rejection != null || hasTask(key) ? null : "neither a task nor a rejection";
        };
    }

    /**
     * For a record whose fate is wrong, what the service holds of it, to tell a lost record from one taken for another
     * submission: the tasks under its key, and a task under the id its place on the topic would give it.
     */
    private static String whatBecameOf(RecordMetadata meta, byte[] key) {
        StringBuilder seen = new StringBuilder();
        if (key != null && key.length <= 255) {
            seen.append("\n    tasks under its key: ").append(given()
                    .queryParam("idempotencyKey", new String(key, StandardCharsets.UTF_8)).get("/api/tasks").then()
                    .extract().jsonPath().getList("items.collect { it.id + ' ' + it.status + ' v' + it.version "
                            + "+ ' hash ' + it.submissionHash + ' submitted ' + it.createdAt }"));
        }
        UUID own = io.queuemgr.task.TaskIds.deterministic(meta.timestamp(), meta.partition() + 1L, meta.offset());
        var answer = given().get("/api/tasks/" + own).then().extract();
        return seen.append("\n    the task of its place (").append(own).append("): ").append(answer.statusCode())
                .append(' ').append(answer.statusCode() == 200 ? answer.body().asString() : "").toString();
    }

    private static boolean hasTask(byte[] key) {
        return given().queryParam("idempotencyKey", new String(key, StandardCharsets.UTF_8)).get("/api/tasks")
                .then().statusCode(200).extract().jsonPath().getList("items").size() == 1;
    }

    private static long countRejected(FuzzRecord[] sent, AtomicReferenceArray<Object> outcome,
            Map<String, JsonNode> rejected, Fate fate) {
        long n = 0;
        for (int i = 0; i < sent.length; i++) {
            RecordMetadata meta = (RecordMetadata) outcome.get(i);
            if (sent[i].fate() == fate && rejected.containsKey(place(meta.partition(), meta.offset()))) {
                n++;
            }
        }
        return n;
    }

    /** Each good submission became its own task (by the id it carries) and completed. */
    private static void awaitCompleted(String queue, List<UUID> ids) {
        java.util.Set<String> wanted = new java.util.HashSet<>(ids.stream().map(UUID::toString).toList());
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
                wanted.removeAll(ids("/api/tasks", queue, "COMPLETED"));
                return wanted.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(wanted.size() + " good submissions did not complete as their own task, e.g. "
                    + wanted.stream().limit(5).toList(), e);
        }
    }

    /** Finished tasks reach PostgreSQL, whatever was submitted: the parked ones, cancelled, and the good ones. */
    private static void historyKeepsUp(String parked, String good, int goodCount) {
        List<String> waiting = ids("/api/tasks", parked);
        FuzzQueues.cancelAll(waiting);
        System.out.printf("SubmitTopicFuzzTest: %d generated submissions were tasks; cancelled%n", waiting.size());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                () -> ids("/api/tasks/history", good).size() >= goodCount
                        && ids("/api/tasks/history", parked).size() >= waiting.size());
    }

    /** Every task of the queue in a listing, page by page. */
    private static List<String> ids(String listing, String queue) {
        return ids(listing, queue, null);
    }

    private static List<String> ids(String listing, String queue, String status) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("queue", queue).queryParam("limit", 1000);
            if (status != null) {
                request.queryParam("status", status);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get(listing).then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private static String place(int partition, long offset) {
        return partition + "@" + offset;
    }

    private static void collect(KafkaConsumer<byte[], byte[]> consumer, Map<String, JsonNode> into) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            try {
                JsonNode rejection = JsonFuzz.JSON.readTree(r.value());
                into.put(place(rejection.path("sourcePartition").asInt(), rejection.path("sourceOffset").asLong()),
                        rejection);
                if (r.key() != null) {
                    into.put("key:" + new String(r.key(), StandardCharsets.UTF_8), rejection);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError("A rejection that is not JSON at offset " + r.offset(), e);
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> rejectionsFromNow() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(REJECTED).stream()
                .map(info -> new TopicPartition(REJECTED, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        return new KafkaProducer<>(p);
    }
}
