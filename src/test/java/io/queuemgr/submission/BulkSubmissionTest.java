package io.queuemgr.submission;

import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.security.Roles;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.queuemgr.testing.TaskBuilder;
import io.queuemgr.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class BulkSubmissionTest {

    private static String array(List<TaskBuilder> tasks) {
        return "[" + String.join(",", tasks.stream().map(TaskBuilder::json).toList()) + "]";
    }

    private static JsonPath bulk(RequestSpecification as, String body) {
        return as.contentType(ContentType.JSON).body(body).post("/api/tasks/bulk").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
    }

    private static JsonPath bulk(List<TaskBuilder> tasks) {
        return bulk(given(), array(tasks));
    }

    /** Waits until every task with the tag is COMPLETED (at most 1,000). */
    private static void awaitCompleted(String tag, int count) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> given()
                .queryParam("tag", tag).queryParam("status", "COMPLETED").queryParam("limit", 1000).get("/api/tasks")
                .jsonPath().getList("items").size() == count);
    }

    @Test
    void aThousandValidSubmissionsAreAllAcceptedInOrderAndAllComplete() {
        String tag = "bulk-" + UUID.randomUUID();
        JsonPath answer = bulk(IntStream.range(0, 1000)
                .mapToObj(i -> aTask().withTags(tag).withParam("echo", "item-" + i)).toList());
        assertThat(answer.getList("status", Integer.class)).hasSize(1000).containsOnly(202);
        assertThat(answer.getList("id", String.class)).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(answer.getList("task.params.echo", String.class))
                .isEqualTo(IntStream.range(0, 1000).mapToObj(i -> "item-" + i).toList());
        assertThat(answer.getList("task.id", String.class)).isEqualTo(answer.getList("id", String.class));
        assertThat(answer.getList("task.status", String.class)).containsOnly("PENDING");
        awaitCompleted(tag, 1000);
    }

    @Test
    void eachItemIsAnsweredOnItsOwnAndTheValidOnesRun() {
        String tag = "bulk-mix-" + UUID.randomUUID();
        JsonPath answer = bulk(given(), "[" + aTask().withTags(tag).withParam("echo", "first").json()
                + ",{\"type\":\"noop\",\"params\":{\"durationMs\":\"long\"},\"priority\":12}"
                + ",{\"type\":\"teleport\",\"params\":{}}"
                + "," + aTask().inQueue("no-such-queue-" + UUID.randomUUID()).json()
                + ",42"
                + "," + aTask().withTags(tag).withParam("echo", "last").json() + "]");
        assertThat(answer.getList("status", Integer.class)).containsExactly(202, 400, 400, 404, 400, 202);
        assertThat(answer.getList("[1].errors.field", String.class)).containsExactlyInAnyOrder("params.durationMs",
                "priority");
        assertThat(answer.getList("[2].errors.field", String.class)).containsExactly("type");
        assertThat(answer.getString("[3].type")).isEqualTo("/problems/queue-not-found");
        assertThat(answer.getString("[4].detail")).contains("JSON object");
        assertThat(answer.getString("[1].id")).isNull();
        awaitCompleted(tag, 2);
        assertThat(TaskApi.task(answer.getString("[5].id")).getString("result")).isEqualTo("last");
    }

    @Test
    void aCodeRunningTypeWithoutTheGrantIsRefusedForThatItemOnly() {
        Tokens.Made submitter = Tokens.make(List.of(Roles.SUBMITTER), List.of());
        JsonPath answer = bulk(submitter.as(), array(List.of(aTask(), aShellTask("echo hi"), aTask())));
        assertThat(answer.getList("status", Integer.class)).containsExactly(202, 403, 202);
        assertThat(answer.getString("[1].type")).isEqualTo("/problems/type-not-granted");
        assertThat(answer.getString("[2].task.submittedBy")).isEqualTo(submitter.name());
    }

    @Test
    void theSameKeyTwiceInOneRequestMakesOneTask() {
        String key = "bulk-key-" + UUID.randomUUID();
        TaskBuilder task = aTask().with("idempotencyKey", key).withParam("echo", "once");
        JsonPath answer = bulk(List.of(task, aTask(), task));
        assertThat(answer.getList("status", Integer.class)).containsExactly(202, 202, 200);
        assertThat(answer.getString("[2].id")).isEqualTo(answer.getString("[0].id"));
        given().queryParam("idempotencyKey", key).get("/api/tasks").then().statusCode(200)
                .body("items.id", equalTo(List.of(answer.getString("[0].id"))));
    }

    @Test
    void aKeyReusedForAnotherSubmissionInOneRequestIsRefusedForThatItem() {
        String key = "bulk-key-" + UUID.randomUUID();
        JsonPath answer = bulk(List.of(aTask().with("idempotencyKey", key).withParam("echo", "a"),
                aTask().with("idempotencyKey", key).withParam("echo", "b")));
        assertThat(answer.getList("status", Integer.class)).containsExactly(202, 422);
    }

    @Test
    void theSameIdTwiceInOneRequestMakesOneTask() {
        TaskBuilder task = aTask().withId(UUID.randomUUID().toString());
        JsonPath answer = bulk(List.of(task, task));
        assertThat(answer.getList("status", Integer.class)).containsExactly(202, 200);
        assertThat(TaskApi.task(answer.getString("[0].id")).getLong("version")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void moreThanTenThousandItemsIsTooLarge() {
        String body = "[" + String.join(",", Collections.nCopies(10_001, "{\"type\":\"noop\"}")) + "]";
        given().contentType(ContentType.JSON).body(body).post("/api/tasks/bulk").then().statusCode(413)
                .contentType("application/problem+json").body("type", equalTo("/problems/too-many-submissions"));
    }

    @Test
    void aBodyOverTheBulkLimitIsTooLargeWhileOneOverTheSingleLimitIsTaken() {
        byte[] over = new byte[16 * 1024 * 1024 + 1];
        java.util.Arrays.fill(over, (byte) ' ');
        over[0] = '[';
        over[over.length - 1] = ']';
        given().contentType(ContentType.JSON).body(over).post("/api/tasks/bulk").then().statusCode(413)
                .contentType("application/problem+json").body("type", equalTo("/problems/body-too-large"));
        String twoMegabytes = "[" + " ".repeat(2 * 1024 * 1024) + aTask().json() + "]";
        given().contentType(ContentType.JSON).body(twoMegabytes).post("/api/tasks/bulk").then().statusCode(200)
                .body("[0].status", equalTo(202));
        given().contentType(ContentType.JSON).body(twoMegabytes).post("/api/tasks").then().statusCode(413);
    }

    @Test
    void aBodyThatIsNotAnArrayIsAProblem() {
        given().contentType(ContentType.JSON).body(aTask().json()).post("/api/tasks/bulk").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("The body must be a JSON array of "
                        + "submissions"));
    }
}
