package io.queuemgr.supervision;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskApi.task;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.Kcat;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Every long-lived loop survives an error: while a fault is injected into it, the instance reports not ready and the
 * loop restarts with backoff; once the fault is gone, the loop runs again and the work that arrived meanwhile is done,
 * none of it lost or skipped.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class LoopFaultsTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Inject
    LoopSupervisor supervisor;

    @TempDir
    Path dir;

    private final List<String> injected = new ArrayList<>();

    @AfterEach
    void clearFaults() {
        injected.forEach(supervisor::clearFault);
        awaitReady();
    }

    /** Injects a fault and waits until readiness reports the loop as not running. */
    private void breakLoop(String loop) {
        injected.add(loop);
        supervisor.injectFault(loop, new IllegalStateException("fault injected into " + loop));
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
            var ready = given().get("/q/health/ready");
            return ready.statusCode() == 503 && ready.asString().contains(loop);
        });
    }

    private void mend(String loop) {
        supervisor.clearFault(loop);
        awaitReady();
    }

    private static void awaitReady() {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(50))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    private static List<String> submitNoops(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(submitted(aTask().ofType("noop")));
        }
        return ids;
    }

    private static void assertAllComplete(List<String> ids) {
        for (String id : ids) {
            assertThat(awaitFinal(id, WITHIN).getString("status")).isEqualTo("COMPLETED");
        }
    }

    @Test
    void theDispatcherRunsWhatWasSubmittedWhileItRestarted() {
        breakLoop("dispatcher");
        List<String> ids = submitNoops(20);
        assertThat(task(ids.get(0)).getString("status")).isEqualTo("PENDING");
        mend("dispatcher");
        assertAllComplete(ids);
    }

    @Test
    void theStarterStartsWhatWaitedWhileItFailed() {
        breakLoop("dispatch-starter");
        List<String> ids = submitNoops(10);
        mend("dispatch-starter");
        assertAllComplete(ids);
    }

    @Test
    void theKafkaIntakeTakesWhatWasSubmittedWhileItRestarted() {
        Kcat kcat = new Kcat(LocalStack.get().kafkaBootstrap());
        breakLoop("kafka-intake");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            kcat.produce("queuemgr.submit", i % 3, null, "{\"id\":\"" + id + "\",\"type\":\"noop\"}");
        }
        mend("kafka-intake");
        for (String id : ids) {
            await().atMost(WITHIN).until(() -> given().get("/api/tasks/" + id).statusCode() == 200);
        }
        assertAllComplete(ids);
    }

    @Test
    void theRegistryReaderKeepsTheLogLinesWrittenWhileItRestarted() {
        breakLoop("registry-reader");
        String id = submitted(aShellTask("for i in 1 2 3; do echo line $i; done"));
        assertThat(awaitFinal(id, WITHIN).getString("status")).isEqualTo("COMPLETED");
        assertThat(given().get("/api/tasks/" + id + "/logs").asString()).doesNotContain("line 1");
        mend("registry-reader");
        await().atMost(WITHIN).untilAsserted(() -> assertThat(given().get("/api/tasks/" + id + "/logs").asString())
                .contains("line 1", "line 2", "line 3"));
    }

    @Test
    void theRetrySchedulerRunsARetryThatFellDueWhileItRestarted() {
        String queue = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + queue + "\",\"retryBaseDelay\":\"100ms\"}")
                .post("/api/queues").then().statusCode(201);
        breakLoop("retry-scheduler");
        Path marker = dir.resolve("failed-once");
        String id = submitted(aShellTask("if [ -f " + marker + " ]; then echo second; else touch " + marker
                + "; exit 1; fi").inQueue(queue).with("maxRetries", 1));
        // The first attempt failed and its retry waits on the retry topic for a scheduler that is down.
        await().atMost(WITHIN).until(() -> task(id).getInt("attempt") == 1 && task(id).getString("error.code") != null);
        assertThat(task(id).getString("status")).isEqualTo("PENDING");
        mend("retry-scheduler");
        JsonPath done = awaitFinal(id, WITHIN);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getInt("attempt")).isEqualTo(2);
    }

    @Test
    void theControlListenerCarriesOutACommandGivenWhileItRestarted() {
        String id = submitted(aShellTask("sleep 120").withTimeoutSeconds(300));
        long version = awaitStatus(id, "RUNNING", WITHIN).getLong("version");
        breakLoop("control-listener");
        // A cancel made on this instance, which owns the queue, reaches the run directly; one made on another
        // instance comes over the control topic, which only the listener reads. Sent as that instance would.
        new Kcat(LocalStack.get().kafkaBootstrap()).produce("queuemgr.task-control", 0, id, "{\"action\":\"cancel\","
                + "\"taskId\":\"" + id + "\",\"version\":" + version + ",\"at\":\"" + Instant.now() + "\"}");
        assertThat(task(id).getString("status")).isEqualTo("RUNNING");
        mend("control-listener");
        assertThat(awaitFinal(id, WITHIN).getString("status")).isEqualTo("CANCELLED");
    }

    @Test
    void theHistoryProjectorWritesWhatFinishedWhileItRestarted() {
        String queue = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + queue + "\"}").post("/api/queues").then()
                .statusCode(201);
        breakLoop("history-projector");
        String id = submitted(aTask().ofType("noop").inQueue(queue));
        awaitFinal(id, WITHIN);
        assertThat(historyIds(queue)).isEmpty();
        mend("history-projector");
        await().atMost(WITHIN).until(() -> historyIds(queue).contains(id));
    }

    private static List<String> historyIds(String queue) {
        return given().queryParam("queue", queue).get("/api/tasks/history").then().statusCode(200).extract()
                .jsonPath().getList("items.id");
    }

    @Test
    void periodicJobsGoOnAfterAFailedRun() {
        for (String job : List.of("queue-metrics", "log-flusher", "retention", "pull-worker-watcher")) {
            breakLoop(job);
            mend(job);
        }
        List<String> ids = submitNoops(5);
        assertAllComplete(ids);
    }
}
