package io.queuemgr.it;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The packaged application (jar, or native binary where one is built) driven over HTTP as a user would. */
@QuarkusIntegrationTest
@ExtendWith(AdminToken.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = LocalStackResource.DATA_DIR, value = "target/it-data/packaged-service"))
class PackagedServiceIT {

    @Test
    void packagedServiceRunsASubmittedCommand() {
        JsonPath done = awaitFinal(submitted(aShellTask("echo packaged")));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result.stdout")).isEqualTo("packaged\n");
    }

    @Test
    void packagedServiceRunsManyTasksAtOnce() {
        var ids = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> submitted(aTask().withParam("durationMs", 200).withTags("packaged-many")))
                .toList();
        ids.forEach(id -> assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED"));
    }

    @Test
    void packagedServiceRefusesBadInputWithProblems() {
        given().contentType(ContentType.JSON).body("{\"type\":\"command\",\"params\":{}}").post("/api/tasks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("params.command"));
        given().get("/api/tasks/00000000-0000-7000-8000-000000000000").then().statusCode(404);
    }

    @Test
    void packagedServiceIsReady() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
