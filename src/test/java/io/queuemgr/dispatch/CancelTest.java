package io.queuemgr.dispatch;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskApi.task;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.Processes;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class CancelTest {

    @TempDir
    Path dir;

    @Test
    void cancellingARunningCommandKillsItsProcessTree() throws Exception {
        Path parent = dir.resolve("parent.pid");
        Path child = dir.resolve("child.pid");
        String id = submitted(aShellTask("sleep 300 & echo $! > " + child + "; echo $$ > " + parent + "; wait")
                .with("maxRetries", 3));
        awaitStatus(id, "RUNNING", Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(parent) && Files.size(parent) > 0);
        long parentPid = Long.parseLong(Files.readString(parent).strip());
        long childPid = Long.parseLong(Files.readString(child).strip());
        assertThat(Processes.running(childPid)).isTrue();

        given().post("/api/tasks/" + id + "/cancel").then().statusCode(202);

        JsonPath done = awaitFinal(id, Duration.ofSeconds(15));
        assertThat(done.getString("status")).isEqualTo("CANCELLED");
        assertThat(done.getString("finishedAt")).isNotNull();
        assertThat(done.getInt("attempt")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !Processes.running(parentPid) && !Processes.running(childPid));
    }

    @Test
    void aCancelledWaitingTaskNeverRunsAgain() throws Exception {
        String queue = "cancel-" + UUID.randomUUID().toString().substring(0, 8);
        // A retry delay long enough that a slow, loaded machine still sees the task waiting for it.
        given().contentType(ContentType.JSON).body("{\"name\":\"" + queue + "\",\"retryBaseDelay\":\"6s\"}")
                .post("/api/queues").then().statusCode(201);
        Path count = dir.resolve("count");
        String id = submitted(aShellTask("echo x >> " + count + "; exit 1").inQueue(queue).with("maxRetries", 3));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> task(id).getString("status") + " after attempt " + task(id).getInt("attempt"),
                        "PENDING after attempt 1"::equals);

        given().post("/api/tasks/" + id + "/cancel").then().statusCode(202).body("status", equalTo("CANCELLED"));

        // Past the retry's due time the task is still CANCELLED and ran only once.
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10)).until(
                () -> "CANCELLED".equals(task(id).getString("status")) && Files.readAllLines(count).size() == 1);
    }

    @Test
    void aFinishedTaskCannotBeCancelled() {
        String id = submitted(aTask());
        awaitFinal(id);
        given().post("/api/tasks/" + id + "/cancel").then().statusCode(409)
                .contentType("application/problem+json");
        given().post("/api/tasks/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
    }
}
