package io.queuemgr.worker;

import static io.queuemgr.testing.QueueBuilder.aQueue;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskApi.task;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class PullWorkerTest {

    private static Response next(String queue, String worker, int leaseSeconds) {
        return given().contentType(ContentType.JSON)
                .body("{\"workerId\":\"" + worker + "\",\"leaseSeconds\":" + leaseSeconds + "}")
                .post("/api/queues/" + queue + "/tasks/next");
    }

    private static Response post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    @Test
    void workersLeaseTasksInPriorityOrderWithinMaxConcurrentAndComplete() {
        String q = aQueue("pull").withMaxConcurrent(1).create();
        post("/api/queues/" + q + "/pause", "").then().statusCode(200);
        String low = submitted(aTask().ofType("external").inQueue(q).withPriority(1).withParam("n", 1));
        String high = submitted(aTask().ofType("external").inQueue(q).withPriority(9).withParam("n", 9));
        String middle = submitted(aTask().ofType("external").inQueue(q).withPriority(5).withParam("n", 5));
        post("/api/queues/" + q + "/resume", "").then().statusCode(200);

        for (String expected : new String[]{high, middle, low}) {
            JsonPath lease = lease(q, "w1", 30);
            assertThat(lease.getString("task.id")).isEqualTo(expected);
            assertThat(lease.getString("workerId")).isEqualTo("w1");
            assertThat(lease.getString("leaseExpiresAt")).isNotNull();
            // maxConcurrent 1: while w1 holds this one, no other task of the queue is offered.
            next(q, "w2", 30).then().statusCode(204);
            JsonPath running = awaitStatus(expected, "RUNNING", Duration.ofSeconds(10));
            assertThat(running.getString("workerId")).isEqualTo("w1");

            post("/api/queues/tasks/" + expected + "/complete",
                    "{\"workerId\":\"w1\",\"result\":{\"doubled\":" + 2 * lease.getInt("task.params.n") + "}}")
                    .then().statusCode(202);
            JsonPath done = awaitFinal(expected);
            assertThat(done.getString("status")).isEqualTo("COMPLETED");
            assertThat(done.getInt("result.doubled")).isEqualTo(2 * lease.getInt("task.params.n"));
        }
        next(q, "w1", 30).then().statusCode(204);
    }

    @Test
    void anExpiredLeasePutsTheTaskBackForAnotherWorker() {
        String q = aQueue("pull").withRetryBaseDelay(Duration.ofSeconds(2)).withMaxRetries(2).create();
        String id = submitted(aTask().ofType("external").inQueue(q));
        JsonPath first = lease(q, "gone-worker", 1);
        assertThat(first.getString("task.id")).isEqualTo(id);

        // The worker never renews: its lease ends, the attempt counts as a retryable failure, the task comes back.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> task(id).getString("error.code"), "WORKER_LEASE_EXPIRED"::equals);
        assertThat(task(id).getString("status")).isEqualTo("PENDING");
        JsonPath second = lease(q, "live-worker", 30);
        assertThat(second.getString("task.id")).isEqualTo(id);

        post("/api/queues/tasks/" + id + "/complete", "{\"workerId\":\"gone-worker\"}").then().statusCode(409)
                .contentType("application/problem+json").body("type", containsString("lease-lost"))
                .body("detail", containsString("live-worker"));
        post("/api/queues/tasks/" + id + "/complete", "{\"workerId\":\"live-worker\",\"result\":\"ok\"}").then()
                .statusCode(202);
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getInt("attempt")).isEqualTo(2);
        assertThat(done.getString("workerId")).isEqualTo("live-worker");
    }

    @Test
    void heartbeatsKeepTheLeaseAndShowProgressAndAFailureWithoutRetryIsADeadLetter() {
        String q = aQueue("pull").create();
        String id = submitted(aTask().ofType("external").inQueue(q).with("maxRetries", 3));
        lease(q, "w1", 1);
        post("/api/queues/tasks/" + id + "/heartbeat",
                "{\"workerId\":\"w1\",\"leaseSeconds\":60,\"progress\":40,\"step\":\"resizing\"}")
                .then().statusCode(200).body("workerId", equalTo("w1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> task(id).getInt("progress") == 40);
        assertThat(task(id).getString("currentStep")).isEqualTo("resizing");

        // Well past the first lease of 1 s, the renewed lease still holds.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> "RUNNING".equals(task(id).getString("status")));

        post("/api/queues/tasks/" + id + "/fail", "{\"workerId\":\"w1\",\"error\":\"corrupt input\",\"retry\":false}")
                .then().statusCode(202);
        JsonPath failed = awaitFinal(id);
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getString("error.code")).isEqualTo("WORKER_REPORTED_FAILURE");
        assertThat(failed.getString("error.message")).isEqualTo("corrupt input");
        assertThat(failed.getInt("attempt")).isEqualTo(1);
        given().get("/api/queues/" + q + "/dead").then().statusCode(200).body("items[0].id", equalTo(id));
    }

    @Test
    void aCancelledTaskIsWithdrawnFromItsWorker() {
        String q = aQueue("pull").create();
        String id = submitted(aTask().ofType("external").inQueue(q));
        lease(q, "w1", 30);
        awaitStatus(id, "RUNNING", Duration.ofSeconds(10));

        post("/api/tasks/" + id + "/cancel", "").then().statusCode(202);

        assertThat(awaitFinal(id).getString("status")).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(5)).until(() -> post("/api/queues/tasks/" + id + "/heartbeat",
                "{\"workerId\":\"w1\"}").statusCode() == 409);
    }

    @Test
    void badWorkerCallsGetProblems() {
        String q = aQueue("pull").create();
        post("/api/queues/" + q + "/tasks/next", "{}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("workerId"));
        post("/api/queues/" + q + "/tasks/next", "{\"workerId\":\"w\",\"leaseSeconds\":0}").then().statusCode(400)
                .body("errors[0].field", equalTo("leaseSeconds"));
        post("/api/queues/no-such-queue/tasks/next", "{\"workerId\":\"w\"}").then().statusCode(404);
        post("/api/queues/tasks/" + UUID.randomUUID() + "/complete", "{\"workerId\":\"w\"}").then().statusCode(404);
        String id = submitted(aTask());
        awaitFinal(id);
        post("/api/queues/tasks/" + id + "/fail", "{\"workerId\":\"w\"}").then().statusCode(400)
                .body("errors[0].field", equalTo("error"));
        post("/api/queues/tasks/" + id + "/complete", "{\"workerId\":\"w\"}").then().statusCode(409)
                .body("type", containsString("lease-lost"));
        given().contentType(ContentType.JSON).body("{\"name\":\"tasks\"}").post("/api/queues").then()
                .statusCode(400);
    }

    /** Polls for a lease until the queue offers one (dispatch is asynchronous), and answers it. */
    private static JsonPath lease(String queue, String worker, int leaseSeconds) {
        JsonPath[] got = new JsonPath[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Response r = next(queue, worker, leaseSeconds);
            if (r.statusCode() == 200) {
                got[0] = r.jsonPath();
                return true;
            }
            assertThat(r.statusCode()).isEqualTo(204);
            return false;
        });
        return got[0];
    }
}
