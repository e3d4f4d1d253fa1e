package io.queuemgr.messaging;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.testing.Kcat;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.PlainRecords;
import io.queuemgr.testing.WorkPartitions;
import io.restassured.http.ContentType;

/**
 * Every record of a task, on the status, log and retry topics, is on the partition its queue's work records are on,
 * whatever partition its id would give: what the queue's owner dispatches, it can also hold. Read back with kcat, as
 * an operator would look at the topics.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class RecordsFollowTheirQueueTest {

    private final Kcat kcat = new Kcat(LocalStack.get().kafkaBootstrap());

    @Test
    void aTasksSnapshotsLogsAndRetriesAreOnThePartitionOfItsQueuesWork() {
        List<String> queues = WorkPartitions.queueOnEach("layout-" + UUID.randomUUID().toString().substring(0, 8));
        String logging = queues.get(2);
        String retrying = queues.get(7);
        for (String queue : List.of(logging, retrying)) {
            given().contentType(ContentType.JSON)
                    .body("{\"name\":\"" + queue + "\",\"retryBaseDelay\":\"1s\",\"retryMaxDelay\":\"1s\"}")
                    .post("/api/queues").then().statusCode(201);
        }
        String logged = submitted(aShellTask("echo one; sleep 1.5; echo two").inQueue(logging)
                .withId(WorkPartitions.idOffThePartitionOf(logging).toString()));
        String retried = submitted(aShellTask("echo failing; exit 3").inQueue(retrying).with("maxRetries", 1)
                .withId(WorkPartitions.idOffThePartitionOf(retrying).toString()));
        assertThat(awaitFinal(logged).getString("status")).isEqualTo("COMPLETED");
        assertThat(awaitFinal(retried).getString("status")).isEqualTo("FAILED");

        Map<String, Integer> work = kcat.consumeAll("queuemgr.tasks").stream()
                .filter(r -> Set.of(logged, retried).contains(id(r.path("payload").asText())))
                .collect(Collectors.toMap(r -> id(r.path("payload").asText()), r -> r.path("partition").asInt(),
                        (a, b) -> a));
        assertThat(work).containsOnlyKeys(logged, retried);
        assertThat(work.get(logged)).isNotEqualTo(work.get(retried));

        List<JsonNode> status = ofTasks("queuemgr.task-status", logged, retried);
        List<JsonNode> logs = ofTasks("queuemgr.task-logs", logged, retried);
        List<JsonNode> retries = ofTasks("queuemgr.tasks.retry", logged, retried);
        // PENDING and COMPLETED of one; PENDING, the retry's PENDING and FAILED of the other, RUNNING where it ran.
        assertThat(status).filteredOn(r -> logged.equals(r.path("key").asText())).hasSizeGreaterThanOrEqualTo(2);
        assertThat(status).filteredOn(r -> retried.equals(r.path("key").asText())).hasSizeGreaterThanOrEqualTo(3);
        assertThat(logs).extracting(r -> r.path("key").asText()).contains(logged, retried);
        assertThat(retries).extracting(r -> r.path("key").asText()).containsOnly(retried);
        for (JsonNode record : concat(status, logs, retries)) {
            assertThat(record.path("partition").asInt()).as("%s on %s", record.path("key").asText(),
                    record.path("topic").asText()).isEqualTo(work.get(record.path("key").asText()));
        }
    }

    @Test
    void aWaitingTaskAnEarlierVersionLeftOnItsIdsPartitionIsCountedUntilItMovesOn() {
        String queue = "layout-old-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + queue + "\"}").post("/api/queues").then()
                .statusCode(201);
        UUID id = WorkPartitions.idOffThePartitionOf(queue);
        int before = misplaced();
        // As an earlier version left it: the PENDING snapshot on the partition its id gives, without headers.
        kcat.produce("queuemgr.task-status", QueuePartitions.partitionOf(id.toString(), WorkPartitions.PARTITIONS),
                id.toString(), new String(new TaskCodec(PlainRecords.MAPPER)
                        .encode(aShellTask("true").withId(id.toString()).inQueue(queue).pending()),
                        StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(20)).until(() -> misplaced() == before + 1);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("queuemgr_registry_misplaced(\\{[^}]*\\})? " + (before + 1) + "\\.0");

        given().post("/api/tasks/" + id + "/cancel").then().statusCode(202);
        assertThat(awaitFinal(id.toString()).getString("status")).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(20)).until(() -> misplaced() == before);
    }

    private static int misplaced() {
        return given().get("/q/health/ready").then().extract().jsonPath()
                .getInt("checks.find { it.name == 'queuemgr' }.data.registryMisplaced");
    }

    private List<JsonNode> ofTasks(String topic, String... ids) {
        Set<String> wanted = Set.of(ids);
        return kcat.consumeAll(topic).stream().filter(r -> wanted.contains(r.path("key").asText())).toList();
    }

    @SafeVarargs
    private static List<JsonNode> concat(List<JsonNode>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private static String id(String payload) {
        int at = payload.indexOf("\"id\":\"");
        return at < 0 ? "" : payload.substring(at + 6, at + 42);
    }
}
