package io.queuemgr.executor.data;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.restassured.path.json.JsonPath;

/** The data family wired up: params refused at submission by field, and a bulk import whose tasks run. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DataImportTest {

    @TempDir
    Path dir;

    @Test
    void anImportOfFiveLinesMakesThreeTasksThatRunAndReportsTheTwoRefusedWithTheirReasons() throws IOException {
        Path csv = Files.writeString(dir.resolve("small.csv"), "a,b\n1,x\n2,y\n");
        Path lines = Files.writeString(dir.resolve("tasks.jsonl"), String.join("\n",
                "{\"type\":\"noop\",\"params\":{\"echo\":{\"n\":1}}}",
                "{\"type\":\"noop\",\"params\":{\"durationMs\":\"soon\"}}",
                "{not json",
                "{\"type\":\"noop\",\"priority\":9}",
                "{\"type\":\"DATA_ANALYZE\",\"params\":{\"input\":\"" + csv + "\"}}") + "\n");
        String id = submitted(aTask().ofType("DATA_IMPORT").withParam("input", lines.toString()));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getLong("result.lines")).isEqualTo(5);
        assertThat(done.getLong("result.accepted")).isEqualTo(3);
        assertThat(done.getLong("result.refused")).isEqualTo(2);
        List<Map<String, Object>> refused = done.getList("result.refusedLines");
        assertThat(refused).extracting(r -> r.get("line")).containsExactly(2, 3);
        assertThat(done.getList("result.refusedLines[0].errors", String.class)).anyMatch(e -> e.startsWith(
                "params.durationMs"));
        assertThat(done.getString("result.refusedLines[1].reason")).contains("not valid JSON");
        List<String> ids = done.getList("result.acceptedIds", String.class);
        assertThat(ids).hasSize(3);
        for (String made : ids) {
            JsonPath task = awaitFinal(made);
            assertThat(task.getString("status")).isEqualTo("COMPLETED");
            assertThat(task.getString("submittedBy")).isEqualTo(done.getString("submittedBy"));
        }
        assertThat(TaskApi.task(ids.get(2)).getLong("result.rows")).isEqualTo(2);
    }

    @Test
    void paramsADataTypeCannotUseAreRefusedAtSubmissionByField() {
        TaskApi.submit(aTask().ofType("data.process").withParam("input", dir.resolve("in.csv").toString())
                .withParam("filters", List.of(Map.of("column", "a", "op", "like", "value", 1)))).then()
                .statusCode(400).body("errors.field", hasItem("params.output"))
                .body("errors.field", hasItem("params.filters[0].op"));
        TaskApi.submit(aTask().ofType("data.analyze").withParam("input", "/etc/passwd")).then().statusCode(400)
                .body("errors.field", hasItem("params.input"));
    }
}
