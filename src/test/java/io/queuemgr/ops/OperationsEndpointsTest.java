package io.queuemgr.ops;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
                .body("checks.name", hasItem("kafka"))
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
    void queueGaugesCountWaitingAndRunningTasksPerQueue() {
        String queue = "metrics-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        given().contentType(io.restassured.http.ContentType.JSON)
                .body("{\"name\":\"" + queue + "\",\"maxConcurrent\":4}")
                .post("/api/queues").then().statusCode(201);
        given().post("/api/queues/" + queue + "/pause").then().statusCode(200);
        for (int i = 0; i < 2; i++) {
            given().contentType(io.restassured.http.ContentType.JSON).body(aTask().json())
                    .post("/api/queues/" + queue + "/tasks").then().statusCode(202);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            return metrics.contains("queuemgr_queue_length{queue=\"" + queue + "\"} 2.0")
                    && metrics.contains("queuemgr_queue_running{queue=\"" + queue + "\"} 0.0")
                    && metrics.contains("queuemgr_queue_max_concurrent{queue=\"" + queue + "\"} 4.0");
        });
        given().post("/api/queues/" + queue + "/resume").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> given()
                .get("/q/metrics").then().extract().asString()
                .contains("queuemgr_queue_length{queue=\"" + queue + "\"} 0.0"));
        assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("queuemgr_task_wait_seconds_count{queue=\"" + queue + "\"} 2.0")
                .contains("queuemgr_dispatch_max_in_flight");
    }

    @Test
    void openApiDocumentDescribesTheTaskEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/tasks/{id}"))
                .body(containsString("/api/queues/{queue}/tasks"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
