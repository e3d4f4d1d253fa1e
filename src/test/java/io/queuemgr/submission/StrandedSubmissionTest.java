package io.queuemgr.submission;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.task.Task;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;

/**
 * A submission can fail between its first snapshot and its work record (the broker went away, the instance died):
 * the task is known, PENDING, and has nothing that would run it. The client, told of an error, submits again with
 * the same id, and that repeat must get the task run.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class StrandedSubmissionTest {

    @Inject
    TaskStatusPublisher publisher;

    @Test
    void submittingAgainRunsATaskWhoseWorkRecordNeverLanded() throws Exception {
        UUID id = UUID.randomUUID();
        // Only the PENDING snapshot reaches Kafka, as when a submission fails halfway.
        Task stranded = Task.pending(id, "default", "noop", JsonNodeFactory.instance.objectNode(), null, List.of(), 5,
                0, null, null, null, Instant.now());
        publisher.publishAsync(stranded).get();
        assertThat(given().get("/api/tasks/" + id).then().statusCode(200).extract().path("status").toString())
                .isEqualTo("PENDING");

        given().contentType(ContentType.JSON).body("{\"id\":\"" + id + "\",\"type\":\"noop\",\"params\":{}}")
                .post("/api/tasks").then().statusCode(200);
        assertThat(awaitFinal(id.toString(), Duration.ofSeconds(30)).getString("status")).isEqualTo("COMPLETED");
    }
}
