package io.queuemgr.task;

import static io.queuemgr.testing.QueueBuilder.aQueue;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.control.TaskControl;
import io.queuemgr.error.ApiException;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;

/**
 * A control request acts on the task as it is when its change is made, not as its caller last saw it: one that lost
 * a race (the task finished, or another request got there first) is a 409, never a 500 and never an overwrite.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class TaskControlRaceTest {

    @Inject
    TaskControl control;

    @Inject
    TaskRegistry registry;

    @Test
    void aCancelThatLosesTheRaceToTheTasksEndIsAConflict() {
        String queue = pausedQueue();
        String id = submitted(aTask().inQueue(queue));
        // What a cancel request saw: the task still waiting.
        Task seenWaiting = registry.get(UUID.fromString(id)).orElseThrow();
        given().post("/api/queues/" + queue + "/resume").then().statusCode(200);
        assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED");

        Throwable refused = catchThrowable(() -> control.cancel(seenWaiting).await().atMost(Duration.ofSeconds(10)));

        // The REST layer answers this refusal with a 409 problem (ProblemMappersTest).
        assertThat(refused).isInstanceOf(IllegalTransitionException.class);
        assertThat(TaskApi.task(id).getString("status")).isEqualTo("COMPLETED");
        assertThat(TaskApi.task(id).getLong("version")).isEqualTo(registry.versionOf(UUID.fromString(id)));
        given().delete("/api/queues/" + queue).then().statusCode(204);
    }

    @Test
    void twoRetriesOfOneFailedTaskAtOnceRunItOnce() {
        String queue = pausedQueue();
        given().post("/api/queues/" + queue + "/resume").then().statusCode(200);
        String id = submitted(
                aTask().ofType("script").inQueue(queue).withParam("scriptPath", "/tmp/queuemgr-nonexistent/r.sh"));
        assertThat(awaitFinal(id).getString("status")).isEqualTo("FAILED");
        // Paused, so that the first retry's run cannot end (FAILED again) before the second retry looks.
        given().post("/api/queues/" + queue + "/pause").then().statusCode(200);
        Task failed = registry.get(UUID.fromString(id)).orElseThrow();

        var first = control.retry(failed).subscribeAsCompletionStage();
        var second = control.retry(failed).subscribeAsCompletionStage();

        assertThat(first.toCompletableFuture().join().status()).isEqualTo(TaskStatus.PENDING);
        Throwable refused = catchThrowable(() -> second.toCompletableFuture().join());
        assertThat(refused).hasCauseInstanceOf(ApiException.class);
        assertThat(((ApiException) refused.getCause()).status()).isEqualTo(409);
        given().post("/api/tasks/" + id + "/cancel").then().statusCode(202);
        given().delete("/api/queues/" + queue).then().statusCode(204);
    }

    private static String pausedQueue() {
        String queue = aQueue("race").create();
        given().post("/api/queues/" + queue + "/pause").then().statusCode(200);
        return queue;
    }
}
