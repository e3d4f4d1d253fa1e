package io.queuemgr.queue;

import static io.queuemgr.testing.QueueBuilder.aQueue;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class QueueDefinitionTest {

    @TempDir
    Path dir;

    private static String uniqueName() {
        return "q-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ValidatableResponse post(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/queues").then();
    }

    private static ValidatableResponse put(String name, String json) {
        return given().contentType(ContentType.JSON).body(json).put("/api/queues/" + name).then();
    }

    @Test
    void aNewQueueGetsItsFieldsAndTheDefaultsForTheRest() {
        String name = uniqueName();
        post("{\"name\":\"" + name + "\",\"description\":\"nightly reports\",\"maxConcurrent\":4,"
                + "\"retryBaseDelay\":\"2s\",\"rateLimit\":\"100/hour\",\"defaultTimeout\":\"PT10M\"}")
                .statusCode(201)
                .header("Location", endsWith("/api/queues/" + name))
                .body("name", equalTo(name))
                .body("maxConcurrent", equalTo(4))
                .body("maxRetries", equalTo(3))
                .body("retryBaseDelay", equalTo("PT2S"))
                .body("retryMaxDelay", equalTo("PT1H"))
                .body("defaultTimeout", equalTo("PT10M"))
                .body("rateLimit", equalTo("100/hour"))
                .body("paused", equalTo(false));

        given().get("/api/queues/" + name).then().statusCode(200).body("description", equalTo("nightly reports"));
        given().get("/api/queues").then().statusCode(200).body("name", hasItems("default", name));
        post("{\"name\":\"" + name + "\"}").statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("exists already"));
    }

    @Test
    void aBadDefinitionIsRefusedWithEveryFieldThatIsWrong() {
        post("{\"name\":\"no spaces\",\"maxConcurrent\":0,\"rateLimit\":\"fast\",\"retryBaseDelay\":\"1h\","
                + "\"retryMaxDelay\":\"1m\",\"colour\":\"blue\"}")
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("name", "maxConcurrent", "rateLimit", "retryMaxDelay", "colour"));
        post("not json").statusCode(400).contentType("application/problem+json");
        post("{}").statusCode(400).body("errors.field", hasItem("name"));
    }

    @Test
    void anUpdateChangesOnlyTheFieldsItNames() {
        String name = aQueue().withMaxConcurrent(4).withRateLimit("10/second").create();

        put(name, "{\"maxConcurrent\":7,\"rateLimit\":null,\"paused\":true}").statusCode(200)
                .body("maxConcurrent", equalTo(7))
                .body("rateLimit", nullValue())
                .body("paused", equalTo(true))
                .body("maxRetries", equalTo(3));
        given().get("/api/queues/" + name).then().body("maxConcurrent", equalTo(7));

        put(name, "{\"name\":\"renamed\"}").statusCode(400).body("errors.field", hasItem("name"));
        put(uniqueName(), "{\"maxConcurrent\":2}").statusCode(404).contentType("application/problem+json");
    }

    @Test
    void submittingToAnUnknownQueueIsNotFound() {
        String name = uniqueName();
        given().contentType(ContentType.JSON).body(aTask().inQueue(name).json()).post("/api/tasks")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString(name));
        given().contentType(ContentType.JSON).body(aTask().json()).post("/api/queues/" + name + "/tasks")
                .then().statusCode(404);

        post("{\"name\":\"" + name + "\"}").statusCode(201);
        given().contentType(ContentType.JSON).body(aTask().json()).post("/api/queues/" + name + "/tasks")
                .then().statusCode(202).body("queue", equalTo(name));
    }

    @Test
    void aQueueWithUnfinishedTasksCannotBeDeleted() throws IOException {
        String name = aQueue().create();
        Path release = dir.resolve("release");
        String id = given().contentType(ContentType.JSON)
                .body(aShellTask("while [ ! -f " + release + " ]; do sleep 0.05; done").json())
                .post("/api/queues/" + name + "/tasks").then().statusCode(202).extract().path("id");
        awaitStatus(id, "RUNNING", Duration.ofSeconds(20));

        given().delete("/api/queues/" + name).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("still has tasks"));

        Files.createFile(release);
        assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED");
        given().delete("/api/queues/" + name).then().statusCode(204);
        given().get("/api/queues/" + name).then().statusCode(404);
        given().delete("/api/queues/default").then().statusCode(409);
    }
}
