package io.queuemgr.queue;

import static io.queuemgr.testing.QueueBuilder.aQueue;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DeadLetterTest {

    @TempDir
    Path dir;

    private static String newQueue() {
        return aQueue("dlq").withMaxRetries(0).create();
    }

    private static String submit(String queue, String script) {
        return given().contentType(ContentType.JSON).body(aShellTask(script).json())
                .post("/api/queues/" + queue + "/tasks").then().statusCode(202).extract().path("id");
    }

    private static List<String> deadIds(String path) {
        return given().get(path + "?limit=1000").then().statusCode(200).extract().jsonPath().getList("items.id");
    }

    @Test
    void failedTasksAreListedAsDeadLettersPerQueueAndOverall() {
        String queue = newQueue();
        String other = newQueue();
        String failed = submit(queue, "exit 2");
        String ok = submit(queue, "true");
        String elsewhere = submit(other, "exit 5");
        List.of(failed, ok, elsewhere).forEach(id -> awaitFinal(id));

        assertThat(deadIds("/api/queues/" + queue + "/dead")).containsExactly(failed);
        assertThat(deadIds("/api/queues/failed-tasks")).contains(failed, elsewhere).doesNotContain(ok);
        given().get("/api/queues/no-such-queue-" + UUID.randomUUID() + "/dead").then().statusCode(404);
    }

    @Test
    void aRequeuedDeadLetterRunsAgainWithAFreshAttemptCount() throws Exception {
        String queue = newQueue();
        Path fixed = dir.resolve("fixed");
        String id = submit(queue, "[ -f " + fixed + " ] && echo fixed");
        assertThat(awaitFinal(id).getString("status")).isEqualTo("FAILED");

        Files.createFile(fixed);
        given().post("/api/queues/" + queue + "/dead/" + id + "/requeue").then().statusCode(202)
                .body("status", equalTo("PENDING")).body("attempt", equalTo(0));
        JsonPath done = awaitFinal(id, Duration.ofSeconds(20));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getInt("attempt")).isEqualTo(1);
        assertThat(done.getString("result.stdout")).isEqualTo("fixed\n");
        assertThat(deadIds("/api/queues/" + queue + "/dead")).isEmpty();
    }

    @Test
    void requeueAllAndDiscardAllActOnTheWholeQueue() throws Exception {
        String queue = newQueue();
        Path fixed = dir.resolve("fixed");
        List<String> ids = List.of(submit(queue, "[ -f " + fixed + " ]"), submit(queue, "[ -f " + fixed + " ]"));
        ids.forEach(id -> awaitFinal(id));
        assertThat(deadIds("/api/queues/" + queue + "/dead")).containsExactlyInAnyOrderElementsOf(ids);

        Files.createFile(fixed);
        given().post("/api/queues/" + queue + "/dead/requeue").then().statusCode(200).body("count", equalTo(2));
        ids.forEach(id -> assertThat(awaitFinal(id, Duration.ofSeconds(20)).getString("status"))
                .isEqualTo("COMPLETED"));

        String broken = submit(queue, "exit 1");
        awaitFinal(broken);
        given().delete("/api/queues/" + queue + "/dead").then().statusCode(200).body("count", equalTo(1));
        given().get("/api/queues/" + queue + "/dead").then().body("items.id", not(hasItem(broken)));
        given().get("/api/tasks?queue=" + queue).then().body("items.id", not(hasItem(broken)));
        // Discarded from the registry, the task is still in PostgreSQL history.
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/tasks/" + broken).statusCode() == 200);
        given().get("/api/tasks/" + broken).then().body("status", equalTo("FAILED"));
    }

    @Test
    void retryAndDeleteOfOneTaskAreForTasksThatEnded() {
        Path release = dir.resolve("release");
        String running = given().contentType(ContentType.JSON)
                .body(aShellTask("while [ ! -f " + release + " ]; do sleep 0.05; done").json())
                .post("/api/tasks").then().statusCode(202).extract().path("id");
        awaitStatus(running, "RUNNING", Duration.ofSeconds(20));
        given().post("/api/tasks/" + running + "/retry").then().statusCode(409);
        given().delete("/api/tasks/" + running).then().statusCode(409);

        String done = given().contentType(ContentType.JSON).body(aTask().json()).post("/api/tasks").then()
                .statusCode(202).extract().path("id");
        awaitFinal(done);
        given().post("/api/tasks/" + done + "/retry").then().statusCode(409);
        given().delete("/api/tasks/" + done).then().statusCode(204);
        given().get("/api/tasks?limit=1000").then().body("items.id", not(hasItem(done)));
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/tasks/" + done).statusCode() == 200);
        given().get("/api/tasks/" + done).then().body("status", equalTo("COMPLETED"));
        given().delete("/api/tasks/" + UUID.randomUUID()).then().statusCode(404);

        String failedOnce = given().contentType(ContentType.JSON)
                .body(aShellTask("exit 7").with("maxRetries", 0).json()).post("/api/tasks").then().statusCode(202)
                .extract().path("id");
        awaitFinal(failedOnce);
        given().post("/api/tasks/" + failedOnce + "/retry").then().statusCode(202).body("attempt", equalTo(0));
        assertThat(awaitFinal(failedOnce).getInt("attempt")).isEqualTo(1);
        try {
            Files.createFile(release);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        awaitFinal(running);
    }
}
