package io.queuemgr.schedule;

import static io.queuemgr.schedule.ScheduleFiringTest.unique;
import static io.queuemgr.testing.ScheduleApi.aSchedule;
import static io.queuemgr.testing.ScheduleApi.create;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.security.Roles;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.Tokens;
import io.restassured.http.ContentType;

/** What POST /api/schedules refuses, in the words of the rest of the API, and who may do what. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ScheduleInputTest {

    @Test
    void aBadCronIsAFieldErrorOnCron() {
        create(aSchedule(unique("bad-cron"), "61 * * * *", "allow", "x", 0)).then().statusCode(400)
                .body("errors.field", equalTo(java.util.List.of("cron")))
                .body("errors[0].message", containsString("5 fields"));
    }

    @Test
    void aBadTemplateIsNamedFieldByFieldUnderTask() {
        ObjectNode body = aSchedule(unique("bad-task"), "0 * * * *", "allow", "x", 0);
        ((ObjectNode) body.get("task")).put("priority", 12).put("colour", "red").put("id",
                "0190c6f4-0000-7000-8000-000000000000");
        ((ObjectNode) body.get("task").get("params")).put("durationMs", "long");
        create(body).then().statusCode(400).body("errors.field",
                containsInAnyOrder("task.id", "task.colour", "task.params.durationMs", "task.priority"));
    }

    @Test
    void anUnknownTypeAQueueThatIsNotAndAWrongZoneOrOverlapAreRefused() {
        ObjectNode body = aSchedule(unique("bad-all"), "0 * * * *", "sometimes", "x", 0).put("timeZone", "+02:00")
                .put("colour", "red");
        ((ObjectNode) body.get("task")).put("type", "teleport");
        create(body).then().statusCode(400).body("errors.field",
                containsInAnyOrder("colour", "timeZone", "overlap", "task.type"));
        ObjectNode noQueue = aSchedule(unique("no-queue"), "0 * * * *", "allow", "x", 0);
        ((ObjectNode) noQueue.get("task")).put("queue", "nowhere-" + unique("q"));
        create(noQueue).then().statusCode(400).body("errors.field", equalTo(java.util.List.of("task.queue")));
        create(aSchedule(null, null, "allow", "x", 0).putNull("task")).then().statusCode(400)
                .body("errors.field", hasItem("cron")).body("errors.field", hasItem("task"));
    }

    @Test
    void aTakenNameIsAConflictAndTheCreationIsAudited() {
        String name = unique("taken");
        ObjectNode body = aSchedule(name, "0 * * * *", "allow", "x", 0).put("timeZone", "Europe/Berlin");
        create(body).then().statusCode(201).body("timeZone", equalTo("Europe/Berlin"))
                .body("overlap", equalTo("allow"));
        create(body).then().statusCode(409);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().queryParam("target", name)
                .queryParam("action", "schedule.create").get("/api/audit").jsonPath().getList("items").size() == 2);
        given().delete("/api/schedules/" + name).then().statusCode(204);
        given().delete("/api/schedules/" + name).then().statusCode(404);
    }

    @Test
    void aViewerReadsSchedulesAndOnlyAnOperatorChangesThem() {
        String name = unique("roles");
        create(aSchedule(name, "0 * * * *", "allow", "x", 0)).then().statusCode(201);
        Tokens.Made viewer = Tokens.make(Roles.VIEWER);
        Tokens.Made submitter = Tokens.make(Roles.SUBMITTER);
        Tokens.Made operator = Tokens.make(Roles.OPERATOR);
        viewer.as().get("/api/schedules/" + name).then().statusCode(200).body("name", equalTo(name));
        viewer.as().get("/api/schedules").then().statusCode(200).body("name", hasItem(name));
        viewer.as().post("/api/schedules/" + name + "/pause").then().statusCode(403);
        submitter.as().contentType(ContentType.JSON).body(aSchedule(unique("s"), "0 * * * *", "allow", "x", 0)
                .toString()).post("/api/schedules").then().statusCode(403);
        operator.as().post("/api/schedules/" + name + "/pause").then().statusCode(200);
        operator.as().delete("/api/schedules/" + name).then().statusCode(204);
    }

    @Test
    void anOperatorWithoutAGrantCannotScheduleACodeRunningType() {
        ObjectNode body = aSchedule(unique("grant"), "0 * * * *", "allow", "x", 0);
        ObjectNode task = (ObjectNode) body.get("task");
        task.put("type", "command").putObject("params").put("command", "true");
        Tokens.make(Roles.OPERATOR).as().contentType(ContentType.JSON).body(body.toString()).post("/api/schedules")
                .then().statusCode(403).body("type", not(equalTo(null)));
    }
}
