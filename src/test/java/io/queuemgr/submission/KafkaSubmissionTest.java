package io.queuemgr.submission;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.Kcat;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.SendThreadProbe;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class KafkaSubmissionTest {

    private static final String SUBMIT = "queuemgr.submit";
    private static final String REJECTED = "queuemgr.submit.rejected";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Kcat kcat = new Kcat(LocalStack.get().kafkaBootstrap());

    @Test
    void submissionFromKcatBecomesATaskThatRuns() {
        String id = UUID.randomUUID().toString();
        kcat.produce(SUBMIT, 0, null, aShellTask("echo from-kcat").withId(id).json());
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result.stdout")).isEqualTo("from-kcat\n");
    }

    @Test
    void cloudEventsStructuredSubmissionIsUnwrapped() {
        String id = UUID.randomUUID().toString();
        String event = "{\"specversion\":\"1.0\",\"type\":\"io.queuemgr.submit\",\"source\":\"/test\",\"id\":\"e1\","
                + "\"data\":" + aTask().withId(id).withParam("echo", "ce").json() + "}";
        kcat.produce(SUBMIT, 1, null, event);
        assertThat(awaitFinal(id).getString("result")).isEqualTo("ce");
    }

    @Test
    void recordKeyIsTheIdempotencyKey() {
        String key = "order-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();
        kcat.produce(SUBMIT, 2, key, aTask().json());
        kcat.produce(SUBMIT, 2, key, aTask().json());
        // Records of one partition are taken in order: once the marker is a task, both keyed records were read.
        kcat.produce(SUBMIT, 2, null, aTask().withId(marker).json());
        awaitFinal(marker);
        List<String> ids = given().queryParam("idempotencyKey", key).get("/api/tasks").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
        assertThat(ids).hasSize(1);
    }

    @Test
    void recordsRunAsTheIntakePrincipalWhichMaySubmitOnlyTheCodeRunningTypesItWasGranted() {
        // The test profile grants the intake `command` (queuemgr.intake.allowed-types), not `script`.
        String run = UUID.randomUUID().toString();
        String granted = UUID.randomUUID().toString();
        kcat.produce(SUBMIT, 2, run + "-script", aTask().ofType("script").withParam("scriptPath", "/tmp/x.sh").json());
        kcat.produce(SUBMIT, 2, null, aShellTask("true").withId(granted).json());

        assertThat(awaitFinal(granted).getString("submittedBy")).isEqualTo("kafka-intake");
        await().atMost(Duration.ofSeconds(20)).until(() -> io.restassured.RestAssured.given()
                .queryParam("target", granted).queryParam("action", "task.submit").get("/api/audit").then()
                .statusCode(200).extract().jsonPath().getList("items.principal"), List.of("kafka-intake")::equals);
        Map<String, JsonNode> rejected = await().atMost(Duration.ofSeconds(20)).until(
                () -> rejections(run), found -> found.size() == 1);
        assertThat(rejected.get(run + "-script").path("reason").asText())
                .contains("'kafka-intake' may not submit script tasks", "allowedTypes");
        assertThat(rejected.get(run + "-script").path("errors").toString()).contains("queuemgr.intake.allowed-types");
    }

    @Test
    void badSubmissionsAreRejectedWithAReasonAndIntakeGoesOn() {
        String run = UUID.randomUUID().toString();
        kcat.produce(SUBMIT, 3, run + "-json", "this is not json");
        kcat.produce(SUBMIT, 3, run + "-type", "{\"type\":\"teleport\",\"params\":{}}");
        kcat.produce(SUBMIT, 3, run + "-params", "{\"type\":\"command\",\"params\":{\"args\":\"ls\"}}");
        kcat.produce(SUBMIT, 3, run + "-queue", aTask().inQueue("no-such-queue-" + run).json());
        String after = UUID.randomUUID().toString();
        kcat.produce(SUBMIT, 3, null, aTask().withId(after).json());

        assertThat(awaitFinal(after).getString("status")).isEqualTo("COMPLETED");
        Map<String, JsonNode> rejected = await().atMost(Duration.ofSeconds(20)).until(
                () -> rejections(run), found -> found.size() == 4);

        assertThat(rejected.get(run + "-json").path("reason").asText()).contains("not valid JSON");
        assertThat(rejected.get(run + "-json").path("payload").asText()).isEqualTo("this is not json");
        assertThat(rejected.get(run + "-type").path("errors").toString()).contains("unknown task type 'teleport'");
        assertThat(rejected.get(run + "-params").path("errors").toString())
                .contains("params.command", "params.args");
        assertThat(rejected.get(run + "-params").path("sourceTopic").asText()).isEqualTo(SUBMIT);
        assertThat(rejected.get(run + "-queue").path("reason").asText())
                .isEqualTo("There is no queue named 'no-such-queue-" + run + "'");
    }

    @Test
    void submissionsTheRestApiRefusesAreRejectedOverKafkaTooAndIntakeGoesOn() {
        String run = UUID.randomUUID().toString();
        String task = aTask().json();
        kcat.produce(SUBMIT, 4, run + "-two-values", task + task);
        kcat.produce(SUBMIT, 4, run + "-trailing", task + " and more");
        kcat.produce(SUBMIT, 4, run + "-url", aTask().ofType("webhook").withParam("url", "not a url").json());
        // 800 KB as sent, 2.4 MB as the service writes emoji: far over the params bound and Kafka's record limit.
        kcat.produce(SUBMIT, 4, run + "-big", aTask().withParam("echo", "😀".repeat(200_000)).json());
        String after = UUID.randomUUID().toString();
        kcat.produce(SUBMIT, 4, null, aTask().withId(after).json());

        assertThat(awaitFinal(after).getString("status")).isEqualTo("COMPLETED");
        Map<String, JsonNode> rejected = await().atMost(Duration.ofSeconds(20)).until(
                () -> rejections(run), found -> found.size() == 4);

        assertThat(rejected.get(run + "-two-values").path("reason").asText()).contains("not valid JSON",
                "more content follows");
        assertThat(rejected.get(run + "-trailing").path("reason").asText()).contains("not valid JSON");
        assertThat(rejected.get(run + "-url").path("errors").toString()).contains("params.url",
                "absolute http or https URL");
        JsonNode big = rejected.get(run + "-big");
        assertThat(big.path("reason").asText()).contains("bytes serialized", "max-params-bytes");
        assertThat(big.path("payload").asText()).hasSizeLessThan(40_000).containsPattern("\\[cut; \\d+ bytes in all]$");
    }

    @Test
    void recordKeyReusedWithAnotherSubmissionIsRejected() {
        String run = UUID.randomUUID().toString();
        String key = run + "-key";
        kcat.produce(SUBMIT, 5, key, aTask().withParam("echo", "a").json());
        kcat.produce(SUBMIT, 5, key, aTask().withParam("echo", "b").json());
        kcat.produce(SUBMIT, 5, key, aTask().withParam("echo", "a").json());
        String marker = UUID.randomUUID().toString();
        kcat.produce(SUBMIT, 5, null, aTask().withId(marker).json());
        awaitFinal(marker);

        List<String> ids = given().queryParam("idempotencyKey", key).get("/api/tasks").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
        assertThat(ids).hasSize(1);
        assertThat(awaitFinal(ids.get(0)).getString("result")).isEqualTo("a");
        JsonNode rejection = await().atMost(Duration.ofSeconds(20)).until(() -> rejections(run), r -> !r.isEmpty())
                .get(key);
        assertThat(rejection.path("reason").asText()).contains("used before for a different submission",
                ids.get(0));
        assertThat(rejection.path("payload").asText()).contains("\"b\"");
    }

    @Test
    void aKeyReusedWithinOneBatchIsRejectedWithoutStallingTheProducer() throws Exception {
        // Both records reach the intake in one poll: the second waits on the first's submission and is rejected when
        // that completes, on the producer's network thread. A send made there would wait on that very thread for
        // metadata (right after a restart, the rejection topic's) and stall every send for max.block.ms.
        String run = UUID.randomUUID().toString();
        String key = run + "-key";
        String marker = UUID.randomUUID().toString();
        int onProducerThreadBefore = SendThreadProbe.sendsOnProducerThread();
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalStack.get().kafkaBootstrap(), ProducerConfig.LINGER_MS_CONFIG, 1000);
        try (var producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(SUBMIT, 7, key, aTask().withParam("echo", "a").json()));
            producer.send(new ProducerRecord<>(SUBMIT, 7, key, aTask().withParam("echo", "b").json()));
            producer.send(new ProducerRecord<>(SUBMIT, 7, null, aTask().withId(marker).json()));
            producer.flush();
        }

        assertThat(awaitFinal(marker).getString("status")).isEqualTo("COMPLETED");
        JsonNode rejection = await().atMost(Duration.ofSeconds(20)).until(() -> rejections(run), r -> !r.isEmpty())
                .get(key);
        assertThat(rejection.path("reason").asText()).contains("used before for a different submission");
        assertThat(rejection.path("payload").asText()).contains("\"b\"");
        assertThat(SendThreadProbe.sendsOnProducerThread()).isEqualTo(onProducerThreadBefore);
    }

    @Test
    void aKeyTooLongForAnIdempotencyKeyIsRejected() {
        String run = UUID.randomUUID().toString();
        kcat.produce(SUBMIT, 6, run + "k".repeat(300), aTask().json());
        JsonNode rejection = await().atMost(Duration.ofSeconds(20)).until(() -> rejections(run), r -> !r.isEmpty())
                .values().iterator().next();
        assertThat(rejection.path("errors").toString()).contains("\"key\"", "at most 255 characters");
    }

    private Map<String, JsonNode> rejections(String run) {
        return kcat.consumeAll(REJECTED).stream()
                .filter(r -> r.path("key").asText("").startsWith(run))
                .collect(Collectors.toMap(r -> r.path("key").asText(), KafkaSubmissionTest::payload,
                        (a, b) -> a, java.util.HashMap::new));
    }

    private static JsonNode payload(JsonNode envelope) {
        try {
            return JSON.readTree(envelope.path("payload").asText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
