package io.queuemgr.submission;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submit;
import static io.queuemgr.testing.TaskApi.task;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.Kcat;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.path.json.JsonPath;

/** Submissions that run later (delaySeconds, runAt) or only when an operator starts them (hold). */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ScheduledSubmissionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Kcat kcat = new Kcat(LocalStack.get().kafkaBootstrap());

    @Test
    void aDelayedTaskWaitsPendingWithItsDueTimeAndRunsOnceItHasCome() {
        Instant before = Instant.now();
        var accepted = submit(aTask().with("delaySeconds", 2).withParam("echo", "later"));
        accepted.then().statusCode(202).body("status", equalTo("PENDING"));
        Instant due = Instant.parse(accepted.path("nextRetryAt"));
        assertThat(due).isBetween(before.plusSeconds(2), Instant.now().plusSeconds(2));

        JsonPath done = awaitFinal(accepted.path("id"), Duration.ofSeconds(30));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result")).isEqualTo("later");
        assertThat(Instant.parse(done.getString("startedAt"))).isAfterOrEqualTo(due)
                .isAfterOrEqualTo(before.plusSeconds(2));
        assertThat(done.getInt("attempt")).isEqualTo(1);
    }

    @Test
    void aRunAtFromKafkaWaitsUntilThatTime() {
        String id = UUID.randomUUID().toString();
        Instant runAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        kcat.produce("queuemgr.submit", 0, null, aTask().withId(id).with("runAt", runAt.toString()).json());

        JsonPath waiting = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> given().get("/api/tasks/" + id), r -> r.statusCode() == 200).jsonPath();
        assertThat(waiting.getString("status")).isEqualTo("PENDING");
        assertThat(Instant.parse(waiting.getString("nextRetryAt"))).isEqualTo(runAt);
        JsonPath done = awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(Instant.parse(done.getString("startedAt"))).isAfterOrEqualTo(runAt);
    }

    @Test
    void aRunAtThatHasPassedRunsAtOnce() {
        var accepted = submit(aTask().with("runAt", "2020-01-01T00:00:00Z"));
        accepted.then().statusCode(202).body("status", equalTo("PENDING"));
        assertThat((Object) accepted.path("nextRetryAt")).isNull();
        assertThat(awaitFinal(accepted.path("id")).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void aHeldTaskStaysPausedUntilStartedAndThenRuns() {
        String id = submit(aTask().with("hold", true)).then().statusCode(202).body("status", equalTo("PAUSED"))
                .body("version", equalTo(1)).extract().path("id");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> task(id).getString("status"), "PAUSED"::equals);

        given().post("/api/tasks/" + id + "/start").then().statusCode(202).body("status", equalTo("PENDING"));
        assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void aHeldTaskCanBeResumedLikeAnyPausedOne() {
        String id = submit(aTask().with("hold", true)).then().statusCode(202).extract().path("id");
        given().post("/api/tasks/" + id + "/resume").then().statusCode(202);
        assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void aHeldTaskCanBeCancelled() {
        String id = submit(aTask().with("hold", true)).then().statusCode(202).extract().path("id");
        given().post("/api/tasks/" + id + "/cancel").then().statusCode(202);
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("CANCELLED");
        assertThat(done.getString("startedAt")).isNull();
    }

    @Test
    void badScheduleValuesAreFieldErrorsOverRest() {
        submit(aTask().with("delaySeconds", -5).with("runAt", "next week")).then().statusCode(400)
                .body("errors.field", equalTo(List.of("delaySeconds", "runAt")));
        submit(aTask().with("delaySeconds", 5).with("runAt", Instant.now().plusSeconds(60).toString()))
                .then().statusCode(400).body("errors.field", equalTo(List.of("runAt")))
                .body("errors.message", equalTo(List.of("must not be given together with delaySeconds")));
        submit(aTask().with("runAt", Instant.now().plus(Duration.ofDays(31)).toString())).then().statusCode(400)
                .body("errors.field", equalTo(List.of("runAt")));
    }

    @Test
    void badScheduleValuesAreFieldErrorsInTheKafkaRejection() {
        String key = "schedule-" + UUID.randomUUID();
        kcat.produce("queuemgr.submit", 1, key, aTask().with("delaySeconds", 3_000_000).json());
        JsonNode rejection = await().atMost(Duration.ofSeconds(20)).until(() -> rejection(key), r -> r != null);
        assertThat(rejection.path("errors").findValuesAsText("field")).containsExactly("delaySeconds");
    }

    private JsonNode rejection(String key) throws IOException {
        for (JsonNode r : kcat.consumeAll("queuemgr.submit.rejected")) {
            if (key.equals(r.path("key").asText())) {
                return JSON.readTree(r.path("payload").asText());
            }
        }
        return null;
    }
}
