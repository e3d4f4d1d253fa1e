package io.queuemgr.executor.data;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.restassured.path.json.JsonPath;

/** data.export wired up: finished tasks exported from the registry and from PostgreSQL history, over REST. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DataExportTest {

    @TempDir
    Path dir;

    @Test
    void finishedTasksAreExportedFromTheRegistryToCsvAndFromHistoryToJsonLinesWithTheirStatuses()
            throws IOException {
        String queue = "export-" + UUID.randomUUID().toString().substring(0, 8);
        TaskApi.ensureQueue(queue);
        List<String> ids = List.of(
                submitted(aTask().inQueue(queue).withParam("echo", Map.of("n", 1))),
                submitted(aTask().inQueue(queue).withParam("echo", Map.of("n", 2))),
                submitted(aTask().inQueue(queue).withParam("echo", Map.of("n", 3))));
        ids.forEach(id -> assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED"));

        Path csv = dir.resolve("tasks.csv");
        JsonPath toCsv = exported(Map.of("what", "tasks", "destination", csv.toString(), "queue", queue));
        assertThat(toCsv.getLong("result.rows")).isEqualTo(3);
        Map<String, String> statusById = csv(csv).stream().collect(Collectors.toMap(r -> r.get("id"),
                r -> r.get("status")));
        assertThat(statusById).containsOnlyKeys(ids);
        assertThat(statusById.values()).containsOnly("COMPLETED");

        // History is written by a projection of the status topic: the rows appear a moment after the tasks end.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .queryParam("queue", queue).get("/api/tasks/history").jsonPath().getList("items").size() == 3);
        Path jsonl = dir.resolve("history.jsonl");
        JsonPath toJsonl = exported(Map.of("what", "history", "destination", jsonl.toString(), "queue", queue,
                "status", "COMPLETED"));
        assertThat(toJsonl.getLong("result.rows")).isEqualTo(3);
        assertThat(toJsonl.getLong("result.bytes")).isEqualTo(Files.size(jsonl));
        List<JsonNode> lines = Files.readAllLines(jsonl).stream().map(DataExportTest::json).toList();
        assertThat(lines).extracting(t -> t.path("id").asText()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(lines).allMatch(t -> t.path("status").asText().equals("COMPLETED")
                && t.path("queue").asText().equals(queue) && t.path("result").has("n"));
    }

    @Test
    void paramsAnExportCannotUseAreRefusedAtSubmissionByField() {
        TaskApi.submit(aTask().ofType("DATA_EXPORT").withParam("what", "everything")
                .withParam("destination", "/etc/tasks.csv").withParam("status", "DONE")
                .withParam("since", "yesterday").withParam("limit", -1)).then().statusCode(400)
                .body("errors.field", hasItems("params.what", "params.destination", "params.status",
                        "params.since", "params.limit"));
    }

    private static JsonPath exported(Map<String, Object> params) {
        var task = aTask().ofType("data.export");
        params.forEach(task::withParam);
        JsonPath done = awaitFinal(submitted(task));
        assertThat(done.getString("status")).as(done.prettify()).isEqualTo("COMPLETED");
        return done;
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    private static JsonNode json(String line) {
        try {
            return DataFiles.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + line, e);
        }
    }
}
