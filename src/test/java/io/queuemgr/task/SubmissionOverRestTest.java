package io.queuemgr.task;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submit;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SubmissionOverRestTest {

    @Test
    void submissionAnswersAcceptedWithLocationAndAPendingSnapshot() {
        var response = submit(aTask().withTags("rest-accept"));
        response.then().statusCode(202)
                .header("Location", containsString("/api/tasks/"))
                .body("status", equalTo("PENDING"))
                .body("queue", equalTo("default"))
                .body("priority", equalTo(5))
                .body("version", equalTo(1))
                .body("createdAt", notNullValue());
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/api/tasks/" + id);
        given().get(response.header("Location")).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void submittedTaskRunsToCompletedWithGrowingVersions() {
        String id = submitted(aTask().withParam("echo", "hello"));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result")).isEqualTo("hello");
        assertThat(done.getInt("progress")).isEqualTo(100);
        assertThat(done.getInt("attempt")).isEqualTo(1);
        assertThat(done.getLong("version")).isGreaterThanOrEqualTo(3);
        assertThat(done.getString("startedAt")).isNotNull();
        assertThat(done.getString("finishedAt")).isNotNull();
        assertThat(done.getString("workerId")).isNotBlank();
    }

    @Test
    void namedQueueEndpointPutsTheTaskInThatQueue() {
        TaskApi.ensureQueue("reports");
        given().contentType(ContentType.JSON).body(aTask().json())
                .post("/api/queues/reports/tasks")
                .then().statusCode(202).body("queue", equalTo("reports"));
    }

    @Test
    void sameIdempotencyKeyReturnsTheFirstTask() {
        String key = "key-" + UUID.randomUUID();
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(aTask().json())
                .post("/api/tasks").then().statusCode(202).extract().path("id");
        String second = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(aTask().json())
                .post("/api/tasks").then().statusCode(200).extract().path("id");
        assertThat(second).isEqualTo(first);
        given().queryParam("idempotencyKey", key).get("/api/tasks")
                .then().statusCode(200).body("items.id", equalTo(java.util.List.of(first)));
    }

    @Test
    void seedStyleTypeNamesAreAccepted() {
        given().contentType(ContentType.JSON)
                .body("{\"type\":\"CUSTOM_COMMAND\",\"params\":{\"command\":\"true\"}}")
                .post("/api/tasks").then().statusCode(202).body("type", equalTo("command"));
    }

    @Test
    void malformedJsonIsAProblem() {
        given().contentType(ContentType.JSON).body("{\"type\": \"noop\", ")
                .post("/api/tasks").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("not valid JSON"))
                .body(not(containsString("Exception")));
    }

    @Test
    void unknownTypeIsAProblemNamingTheField() {
        given().contentType(ContentType.JSON).body("{\"type\":\"teleport\",\"params\":{}}")
                .post("/api/tasks").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("type"))
                .body("errors.message", hasItem(containsString("unknown task type 'teleport'")));
    }

    @Test
    void paramsThatDoNotFitTheTypeAreAProblemPerField() {
        given().contentType(ContentType.JSON)
                .body("{\"type\":\"command\",\"params\":{\"args\":[1],\"colour\":\"red\"},\"priority\":12}")
                .post("/api/tasks").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("params.command"))
                .body("errors.field", hasItem("params.args[0]"))
                .body("errors.field", hasItem("params.colour"))
                .body("errors.field", hasItem("priority"));
    }

    @Test
    void unknownTaskIdIsANotFoundProblem() {
        given().get("/api/tasks/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json")
                .body("title", equalTo("Not found"))
                .body("detail", containsString("No task with id"));
        given().get("/api/tasks/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void bodyOverTheLimitIsAPayloadTooLargeProblem() {
        String big = "x".repeat(1_100_000);
        given().contentType(ContentType.JSON)
                .body("{\"type\":\"noop\",\"params\":{\"echo\":\"" + big + "\"}}")
                .post("/api/tasks").then().statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("larger than"));
    }

    @Test
    void unknownPathIsAProblemToo() {
        given().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }
}
