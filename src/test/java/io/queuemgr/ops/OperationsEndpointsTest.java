package io.queuemgr.ops;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class OperationsEndpointsTest {

    @Test
    void readinessIsUpWithKafkaDatabaseAndServiceChecks() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("queuemgr"))
                .body("checks.name", hasItem(containsString("Kafka")))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsCountSubmissionsAndRuns() {
        awaitFinal(submitted(aTask()));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("queuemgr_tasks_submitted_total"))
                .body(containsString("queuemgr_task_run_seconds_count"))
                .body(containsString("queuemgr_dispatch_in_flight"));
    }

    @Test
    void openApiDocumentDescribesTheTaskEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/tasks/{id}"))
                .body(containsString("/api/queues/{queue}/tasks"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
