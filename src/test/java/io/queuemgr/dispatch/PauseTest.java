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
import static org.hamcrest.Matchers.containsString;
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
class PauseTest {

    @TempDir
    Path dir;

    @Test
    void pausingARunningCommandStopsItsProcessTreeUntilResumed() throws Exception {
        Path parent = dir.resolve("parent.pid");
        Path child = dir.resolve("child.pid");
        Path go = dir.resolve("go");
        // The timeout is shorter than the pause: paused time does not count towards it.
        String id = submitted(aShellTask("sleep 300 & echo $! > " + child + "; echo $$ > " + parent
                + "; while [ ! -f " + go + " ]; do sleep 0.05; done; kill $!; echo finished")
                .withTimeoutSeconds(4));
        awaitStatus(id, "RUNNING", Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(child) && Files.size(child) > 0
                && Files.exists(parent) && Files.size(parent) > 0);
        long parentPid = Long.parseLong(Files.readString(parent).strip());
        long childPid = Long.parseLong(Files.readString(child).strip());

        given().post("/api/tasks/" + id + "/pause").then().statusCode(202);
        JsonPath paused = awaitStatus(id, "PAUSED", Duration.ofSeconds(10));
        assertThat(paused.getString("workerId")).isNotNull();
        assertThat(Processes.stopped(parentPid)).as("the shell is stopped").isTrue();
        assertThat(Processes.stopped(childPid)).as("its child is stopped").isTrue();

        // A stopped shell cannot see the file; past the timeout it is still PAUSED, not TIMEOUT.
        Files.writeString(go, "");
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                .until(() -> "PAUSED".equals(task(id).getString("status")) && Processes.stopped(parentPid));

        given().post("/api/tasks/" + id + "/resume").then().statusCode(202);
        JsonPath done = awaitFinal(id, Duration.ofSeconds(10));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result.stdout")).contains("finished");
        assertThat(done.getInt("attempt")).isEqualTo(1);
        assertThat(Processes.running(childPid)).isFalse();
    }

    @Test
    void cancellingAPausedCommandKillsIt() throws Exception {
        Path parent = dir.resolve("parent.pid");
        String id = submitted(aShellTask("echo $$ > " + parent + "; sleep 300"));
        awaitStatus(id, "RUNNING", Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(parent) && Files.size(parent) > 0);
        long parentPid = Long.parseLong(Files.readString(parent).strip());
        given().post("/api/tasks/" + id + "/pause").then().statusCode(202);
        awaitStatus(id, "PAUSED", Duration.ofSeconds(10));

        given().post("/api/tasks/" + id + "/cancel").then().statusCode(202);

        assertThat(awaitFinal(id, Duration.ofSeconds(15)).getString("status")).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(5)).until(() -> !Processes.running(parentPid));
    }

    @Test
    void aPausedWaitingTaskIsHeldBackUntilResumed() throws Exception {
        String queue = "pause-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + queue + "\",\"maxConcurrent\":1}")
                .post("/api/queues").then().statusCode(201);
        Path go = dir.resolve("go");
        String blocker = submitted(aShellTask("while [ ! -f " + go + " ]; do sleep 0.05; done").inQueue(queue));
        awaitStatus(blocker, "RUNNING", Duration.ofSeconds(20));
        String held = submitted(aTask().inQueue(queue));
        String after = submitted(aTask().inQueue(queue));

        given().post("/api/tasks/" + held + "/pause").then().statusCode(202).body("status", equalTo("PAUSED"));
        Files.writeString(go, "");

        // The later task of the same priority runs; the paused one, which came first, does not.
        assertThat(awaitFinal(after).getString("status")).isEqualTo("COMPLETED");
        JsonPath stillHeld = task(held);
        assertThat(stillHeld.getString("status")).isEqualTo("PAUSED");
        assertThat(stillHeld.getInt("attempt")).isZero();

        given().post("/api/tasks/" + held + "/resume").then().statusCode(202).body("status", equalTo("PENDING"));
        JsonPath done = awaitFinal(held);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getInt("attempt")).isEqualTo(1);
    }

    @Test
    void aRunningTaskWhoseExecutorCannotPauseIsRefusedWithTheReason() {
        String id = submitted(aTask().withParam("durationMs", 30_000));
        awaitStatus(id, "RUNNING", Duration.ofSeconds(20));

        given().post("/api/tasks/" + id + "/pause").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", containsString("task-not-pausable"))
                .body("detail", containsString("noop"));
        assertThat(task(id).getString("status")).isEqualTo("RUNNING");

        given().post("/api/tasks/" + id + "/cancel").then().statusCode(202);
        assertThat(awaitFinal(id).getString("status")).isEqualTo("CANCELLED");
    }

    @Test
    void onlyAPausedTaskCanBeResumedAndAFinishedOneCannotBePaused() {
        String id = submitted(aTask());
        awaitFinal(id);
        given().post("/api/tasks/" + id + "/pause").then().statusCode(409).body("type",
                containsString("task-finished"));
        given().post("/api/tasks/" + id + "/resume").then().statusCode(409).body("type",
                containsString("task-not-paused"));
        given().post("/api/tasks/" + UUID.randomUUID() + "/pause").then().statusCode(404);
    }
}
