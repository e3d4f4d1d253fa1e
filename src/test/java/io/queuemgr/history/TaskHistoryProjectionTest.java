package io.queuemgr.history;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class TaskHistoryProjectionTest {

    @Inject
    Pool pool;

    @Test
    void finishedTasksLandInPostgresWithTheirFinalVersion() {
        String ok = submitted(aTask().withCategory("hist").withTags("h1", "h2"));
        String bad = submitted(aShellTask("exit 9").with("maxRetries", 0));
        JsonPath okDone = awaitFinal(ok);
        JsonPath badDone = awaitFinal(bad);

        Row okRow = awaitRow(ok, okDone.getLong("version"));
        assertThat(okRow.getString("status")).isEqualTo("COMPLETED");
        assertThat(okRow.getString("category")).isEqualTo("hist");
        assertThat(okRow.getArrayOfStrings("tags")).containsExactly("h1", "h2");
        assertThat(okRow.getJsonObject("snapshot").getString("id")).isEqualTo(ok);

        Row badRow = awaitRow(bad, badDone.getLong("version"));
        assertThat(badRow.getString("status")).isEqualTo("FAILED");
        assertThat(badRow.getString("error_code")).isEqualTo("COMMAND_FAILED");
    }

    @Test
    void tagsThatLookLikeArraySyntaxReachHistoryAsTheyWere() {
        String id = submitted(aTask().withTags("a,b", "{c}", "say \"hi\"", "back\\slash", "NULL", " "));
        JsonPath done = awaitFinal(id);
        Row row = awaitRow(id, done.getLong("version"));
        assertThat(row.getArrayOfStrings("tags")).containsExactly("a,b", "{c}", "say \"hi\"", "back\\slash", "NULL",
                " ");
        assertThat(row.getValue("error_code")).isNull();
        assertThat(row.getOffsetDateTime("started_at")).isNotNull();
    }

    @Test
    void aTaskCancelledBeforeItStartedReachesHistoryWithoutAStartTime() {
        String id = submitted(aTask().with("delaySeconds", 600));
        given().post("/api/tasks/" + id + "/cancel").then().statusCode(202);
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("CANCELLED");
        Row row = awaitRow(id, done.getLong("version"));
        assertThat(row.getString("status")).isEqualTo("CANCELLED");
        assertThat(row.getValue("started_at")).isNull();
        assertThat(row.getValue("worker_id")).isNull();
    }

    @Test
    void outputWithANulByteStillReachesHistory() {
        String id = submitted(aShellTask("printf 'before\\000after'"));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("result.stdout")).isEqualTo("before\u0000after\n");
        Row row = awaitRow(id, done.getLong("version"));
        assertThat(row.getString("status")).isEqualTo("COMPLETED");
        // History holds the snapshot as the status topic carried it, NUL and all.
        assertThat(row.getJsonObject("snapshot").getJsonObject("result").getString("stdout"))
                .isEqualTo("before\u0000after\n");
    }

    @Test
    void schemaMigrationCreatedTheDefaultQueue() {
        Row row = pool.preparedQuery("SELECT name, max_concurrent FROM queue_definition WHERE name = $1")
                .execute(Tuple.of("default")).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(row.getString("name")).isEqualTo("default");
    }

    private Row awaitRow(String id, long version) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            var rows = pool.preparedQuery("SELECT * FROM task_history WHERE id = $1")
                    .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(5));
            return rows.size() == 0 ? null : rows.iterator().next();
        }, row -> row != null && row.getLong("version") == version);
    }
}
