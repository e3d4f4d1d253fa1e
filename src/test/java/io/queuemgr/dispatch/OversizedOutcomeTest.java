package io.queuemgr.dispatch;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskBuilder;
import io.restassured.path.json.JsonPath;

/** Output too large for a task snapshot ends the task with a clear code and a preview, instead of hanging. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class OversizedOutcomeTest {

    /**
     * A noop task echoes its {@code echo} parameter as its result, so its final snapshot holds the text twice. The
     * test profile sets {@code queuemgr.dispatch.max-snapshot-bytes} to 300,000.
     */
    private static TaskBuilder echoing(int chars) {
        return aTask().ofType("noop").withParam("echo", "z".repeat(chars));
    }

    @Test
    void aResultTooLargeForASnapshotEndsFailedWithAPreview() {
        String id = submitted(echoing(200_000));
        JsonPath done = awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("RESULT_TOO_LARGE");
        assertThat(done.getString("error.context.endedAs")).isEqualTo("COMPLETED");
        assertThat(done.getBoolean("result.truncated")).isTrue();
        assertThat(done.getInt("result.originalChars")).isEqualTo(200_002);
        assertThat(done.getString("result.preview")).hasSize(OversizedOutcome.PREVIEW_CHARS).startsWith("\"zzz");
        // The parameters stay whole, so that a requeue runs the same task.
        assertThat(done.getString("params.echo")).hasSize(200_000);
        // Another attempt cannot help: a dead letter at once.
        assertThat(done.getInt("attempt")).isEqualTo(1);
        List<String> dead = given().queryParam("limit", 500).get("/api/queues/failed-tasks").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
        assertThat(dead).contains(id);
    }

    @Test
    void aResultThatFitsIsKeptWhole() {
        String id = submitted(echoing(100_000));
        JsonPath done = awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result")).hasSize(100_000);
    }

    @Test
    void aVeryLongLogLineIsCutAndMarked() {
        String id = submitted(aShellTask("head -c 100000 /dev/zero | tr '\\0' y; echo; echo after"));
        assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED");
        String logs = given().get("/api/tasks/" + id + "/logs").asString();
        assertThat(logs).contains("more characters cut]").contains("after").doesNotContain("y".repeat(8193));
    }
}
