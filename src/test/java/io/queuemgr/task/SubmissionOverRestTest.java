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
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
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
    void theAcceptedAnswerIsTheTaskAsReadingItBackShowsIt() throws Exception {
        // Held, so that it is still at its first version when read back; every optional field given.
        var response = given().contentType(ContentType.JSON).body("""
                {"type":"noop","params":{"echo":"same \\u00e9 \\"quoted\\""},"category":"reports",
                 "tags":["answer-same","b"],"priority":7,"maxRetries":2,"timeoutSeconds":30,"hold":true}
                """).post("/api/tasks");
        response.then().statusCode(202).contentType(ContentType.JSON).body("status", equalTo("PAUSED"));
        String readBack = given().get(response.header("Location")).then().statusCode(200).extract().asString();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(mapper.readTree(response.asString())).isEqualTo(mapper.readTree(readBack));
        assertThat(mapper.readTree(response.asString()).path("params").path("echo").asText())
                .isEqualTo("same \u00e9 \"quoted\"");
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
    void aTypeGivenAsNullIsRequiredLikeOneLeftOut() {
        given().contentType(ContentType.JSON).body("{\"type\":null,\"params\":{}}")
                .post("/api/tasks").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("The submission has 1 invalid field"))
                .body("errors.field", equalTo(List.of("type")))
                .body("errors.message", equalTo(List.of("is required")));
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
    void jsonFollowedByMoreContentIsAProblemNotItsFirstValue() {
        String task = aTask().withParam("echo", "first").json();
        for (String body : List.of(task + task, task + " trailing garbage", task + "{}", task + ",")) {
            given().contentType(ContentType.JSON).body(body).post("/api/tasks").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("detail", containsString("not valid JSON"))
                    .body(not(containsString("Exception")), not(containsString("jackson")),
                            not(containsString("`")));
        }
        given().contentType(ContentType.JSON).body("{\"name\":\"two-values\"}{\"name\":\"x\"}")
                .post("/api/queues").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void malformedQueryParametersAreProblemsNamingTheParameter() {
        for (String listing : List.of("/api/tasks", "/api/tasks/history", "/api/queues/failed-tasks",
                "/api/queues/default/dead")) {
            for (String limit : List.of("abc", "1.5", "0", "1001", "99999999999")) {
                given().queryParam("limit", limit).get(listing).then().statusCode(400)
                        .contentType("application/problem+json")
                        .body("errors.field", hasItem("limit"));
            }
            given().queryParam("cursor", "not-a-cursor").get(listing).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("cursor"));
            given().queryParam("limit", "7").get(listing).then().statusCode(200);
        }
        for (String instant : List.of("yesterday", "+999999999-12-31T23:59:59Z", "-4714-11-24T00:00:00Z")) {
            given().queryParam("finishedAfter", instant).get("/api/tasks/history").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("finishedAfter"));
        }
        given().queryParam("category", "a\0b").get("/api/tasks/history").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("category"));
    }

    @Test
    void webhookWithoutAnAbsoluteHttpUrlIsRefusedAtSubmission() {
        for (String url : List.of("not a url", "/hooks/relative", "ftp://example.com/x", "file:///etc/hosts",
                "http://", "//example.com/x", "http://host:99999/x")) {
            given().contentType(ContentType.JSON)
                    .body(aTask().ofType("webhook").withParam("url", url).json())
                    .post("/api/tasks").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("params.url"))
                    .body("errors.message", hasItem(containsString("absolute http or https URL")));
        }
        given().contentType(ContentType.JSON)
                .body(aTask().ofType("webhook").withParam("url", "http://127.0.0.1:9/x")
                        .withParam("headers", java.util.Map.of("Bad Name", "v")).json())
                .post("/api/tasks").then().statusCode(400)
                .body("errors.field", hasItem("params.headers"));
    }

    @Test
    void idempotencyKeyReusedWithAnotherSubmissionIsUnprocessable() {
        String key = "order-" + UUID.randomUUID();
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"type\":\"noop\",\"params\":{\"echo\":\"a\",\"durationMs\":1}}")
                .post("/api/tasks").then().statusCode(202).extract().path("id");
        // The same submission, written differently: fields in another order, the default priority spelt out.
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"priority\":5, \"params\":{\"durationMs\":1,\"echo\":\"a\"}, \"type\":\"noop\"}")
                .post("/api/tasks").then().statusCode(200).body("id", equalTo(first));
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"type\":\"noop\",\"params\":{\"echo\":\"b\",\"durationMs\":1}}")
                .post("/api/tasks").then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("detail", containsString(key))
                .body("detail", containsString(first));
        given().queryParam("idempotencyKey", key).get("/api/tasks").then().statusCode(200)
                .body("items.id", equalTo(List.of(first)));
        // What makes a submission the same is kept in the task's snapshot, which the registry is rebuilt from.
        given().get("/api/tasks/" + first).then().statusCode(200).body("submissionHash", startsWith("sha256:"));
    }

    @Test
    void idempotencyKeyLongerThanAKeyIsAProblem() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k".repeat(256)).body(aTask().json())
                .post("/api/tasks").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void paramsOverTheBoundArePayloadTooLarge() {
        // 300,000 bytes: well under the 1 MiB body limit, over the 256 KiB params bound.
        given().contentType(ContentType.JSON).body(aTask().withParam("echo", "x".repeat(300_000)).json())
                .post("/api/tasks").then().statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString("300011 bytes"))
                .body("detail", containsString("262144"))
                .body("errors.field", hasItem("params"));
        // Emoji are written as escape pairs, three times their size on the way in: the bound is on what is kept.
        given().contentType(ContentType.JSON).body(aTask().withParam("echo", "😀".repeat(30_000)).json())
                .post("/api/tasks").then().statusCode(413);
        given().contentType(ContentType.JSON).body(aTask().withParam("echo", "x".repeat(200_000)).json())
                .post("/api/tasks").then().statusCode(202);
    }

    @Test
    void textNoStoreCanHoldIsRefusedNamingTheField() {
        given().contentType(ContentType.JSON).body("{\"type\":\"noop\",\"params\":{\"echo\":[\"ok\",\"a\\u0000b\"]}}")
                .post("/api/tasks").then().statusCode(400)
                .body("errors.field", hasItem("params.echo[1]"));
        given().contentType(ContentType.JSON).body("{\"type\":\"noop\",\"params\":{},\"category\":\"\\ud800\"}")
                .post("/api/tasks").then().statusCode(400)
                .body("errors.field", hasItem("category"));
        given().contentType(ContentType.JSON).body("{\"name\":\"nul-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"description\":\"a\\u0000\"}").post("/api/queues").then().statusCode(400)
                .body("errors.field", hasItem("description"));
    }

    @Test
    void wholeNumbersBeyondAnyRangeAreRefusedNotCutDown() {
        // 2^64 + 5 must not be read as 5.
        given().contentType(ContentType.JSON)
                .body("{\"type\":\"noop\",\"params\":{},\"priority\":18446744073709551621}")
                .post("/api/tasks").then().statusCode(400)
                .body("errors.field", hasItem("priority"));
    }

    @Test
    void unknownPathIsAProblemToo() {
        given().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }
}
