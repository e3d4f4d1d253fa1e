package io.queuemgr.cache;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submit;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.Kcat;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.queuemgr.testing.TaskBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ResultCachingTest {

    private final Path runs = Path.of("/tmp", "queuemgr-cache-" + UUID.randomUUID() + ".log");

    @AfterEach
    void removeRunLog() throws IOException {
        Files.deleteIfExists(runs);
    }

    /** A command task that leaves a line in the run log each time it really runs, and prints its marker. */
    private TaskBuilder counted(String marker) {
        return aShellTask("echo run >> " + runs + "; echo " + marker);
    }

    private long timesRun() throws IOException {
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    private static JsonPath completed(TaskBuilder task) {
        JsonPath done = awaitFinal(submitted(task));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        return done;
    }

    @Test
    void aSecondIdenticalSubmissionTakesTheFirstResultWithoutRunning() throws IOException {
        JsonPath first = completed(counted("same").with("cacheFor", "PT1H"));
        JsonPath second = completed(counted("same").with("cacheFor", "PT1H"));

        assertThat(second.getString("cachedFrom")).isEqualTo(first.getString("id"));
        assertThat(second.getString("result.stdout")).isEqualTo(first.getString("result.stdout")).isEqualTo("same\n");
        assertThat(second.getString("currentStep")).contains("reused", first.getString("id"));
        assertThat(second.getString("cacheFor")).isEqualTo("PT1H");
        assertThat(second.getInt("attempt")).isZero();
        assertThat(second.getString("workerId")).isNull();
        assertThat(second.getLong("version")).isEqualTo(2);
        assertThat(first.getString("cachedFrom")).isNull();
        assertThat(timesRun()).isEqualTo(1);
    }

    @Test
    void otherParamsOrAnotherQueueRunAgain() throws IOException {
        completed(counted("one").with("cacheFor", "PT1H"));
        TaskApi.ensureQueue("cache-other");
        JsonPath otherParams = completed(counted("two").with("cacheFor", "PT1H"));
        JsonPath otherQueue = completed(counted("one").inQueue("cache-other").with("cacheFor", "PT1H"));

        assertThat(otherParams.getString("cachedFrom")).isNull();
        assertThat(otherQueue.getString("cachedFrom")).isNull();
        assertThat(timesRun()).isEqualTo(3);
    }

    @Test
    void withoutCacheForTheTaskRunsEvenWhenAnIdenticalOneCompleted() throws IOException {
        completed(counted("plain").with("cacheFor", "PT1H"));
        JsonPath again = completed(counted("plain"));
        assertThat(again.getString("cachedFrom")).isNull();
        assertThat(timesRun()).isEqualTo(2);
    }

    @Test
    void aResultOlderThanTheWindowIsNotTaken() throws IOException {
        JsonPath first = completed(counted("stale").with("cacheFor", "PT1H"));
        Instant fresh = Instant.parse(first.getString("finishedAt")).plusSeconds(1);
        // The window is one second: wait until the first result is older than that, by the service's clock.
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(fresh));
        JsonPath again = completed(counted("stale").with("cacheFor", "PT1S"));
        assertThat(again.getString("cachedFrom")).isNull();
        assertThat(timesRun()).isEqualTo(2);
    }

    @Test
    void aBadCacheForIsAFieldErrorOverRestAndInABulkItem() {
        submit(aTask().with("cacheFor", "an hour")).then().statusCode(400)
                .body("errors.field", equalTo(java.util.List.of("cacheFor")));
        submit(aTask().with("cacheFor", "P30D")).then().statusCode(400)
                .body("errors.message", hasItem(org.hamcrest.Matchers.containsString("queuemgr.cache.max-age")));
        submit(aTask().with("cacheFor", 3600)).then().statusCode(400).body("errors.field", hasItem("cacheFor"));
        JsonPath answer = given().contentType(ContentType.JSON)
                .body("[" + aTask().with("cacheFor", "PT0S").json() + "," + aTask().with("cacheFor", "PT5M").json()
                        + "]")
                .post("/api/tasks/bulk").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getList("status", Integer.class)).containsExactly(400, 202);
        assertThat(answer.getList("[0].errors.field", String.class)).containsExactly("cacheFor");
    }

    @Test
    void aSubmissionFromKcatIsServedFromTheCacheToo() throws IOException {
        JsonPath first = completed(counted("kafka").with("cacheFor", "PT1H"));
        String id = UUID.randomUUID().toString();
        new Kcat(LocalStack.get().kafkaBootstrap()).produce("queuemgr.submit", 0, null,
                counted("kafka").withId(id).with("cacheFor", "PT10M").json());
        JsonPath served = awaitFinal(id);
        assertThat(served.getString("cachedFrom")).isEqualTo(first.getString("id"));
        assertThat(served.getString("result.stdout")).isEqualTo("kafka\n");
        assertThat(timesRun()).isEqualTo(1);
    }
}
