package io.queuemgr.schedule;

import static io.queuemgr.testing.ScheduleApi.aSchedule;
import static io.queuemgr.testing.ScheduleApi.countTagged;
import static io.queuemgr.testing.ScheduleApi.created;
import static io.queuemgr.testing.ScheduleApi.tasksTagged;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ScheduleFiringTest {

    private static final String EVERY_SECOND = "* * * * * *";

    @Test
    void aScheduleEverySecondMakesOneTaskPerSlotAndTheyComplete() {
        String name = unique("every-second");
        created(aSchedule(name, EVERY_SECOND, "allow", name, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> countTagged(name) >= 3);
        delete(name);

        List<JsonPath> tasks = tasksTagged(name);
        List<String> keys = tasks.stream().map(t -> t.getString("idempotencyKey")).toList();
        assertThat(keys).doesNotHaveDuplicates().allMatch(k -> k.startsWith("schedule:" + name + ":"));
        List<Instant> fireTimes = keys.stream().map(ScheduleFiringTest::fireTime).sorted().toList();
        assertThat(fireTimes).allMatch(t -> t.getNano() == 0);
        for (JsonPath t : tasks) {
            assertThat(TaskApi.awaitFinal(t.getString("id")).getString("status")).isEqualTo("COMPLETED");
        }
    }

    @Test
    void theScheduleShowsItsComingFireTimesAndItsLastTask() {
        String name = unique("shown");
        created(aSchedule(name, EVERY_SECOND, "allow", name, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> countTagged(name) >= 1);
        JsonPath shown = given().get("/api/schedules/" + name).then().statusCode(200).extract().jsonPath();
        delete(name);
        assertThat(shown.getList("nextFireTimes")).hasSize(5);
        assertThat(shown.getString("lastTaskId")).isNotNull();
        assertThat(shown.getString("lastFiredAt")).isNotNull();
        assertThat(shown.getString("timeZone")).isEqualTo("UTC");
        given().get("/api/schedules").then().statusCode(200);
    }

    @Test
    void pauseStopsFiringsAndResumeStartsThemAgain() {
        String name = unique("paused");
        created(aSchedule(name, EVERY_SECOND, "allow", name, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> countTagged(name) >= 1);
        given().post("/api/schedules/" + name + "/pause").then().statusCode(200).body("paused", equalTo(true))
                .body("nextFireTimes", hasSize(0));
        int beforePause = countTagged(name);
        // A firing taken just before the pause may still land; after that, none for three slots and more.
        int whilePaused = stableCount(name);
        assertThat(whilePaused).isLessThanOrEqualTo(beforePause + 1);

        given().post("/api/schedules/" + name + "/resume").then().statusCode(200).body("paused", equalTo(false));
        await().atMost(Duration.ofSeconds(30)).until(() -> countTagged(name) >= whilePaused + 2);
        delete(name);
    }

    @Test
    void deleteStopsFiringsAndForgetsTheSchedule() {
        String name = unique("deleted");
        created(aSchedule(name, EVERY_SECOND, "allow", name, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> countTagged(name) >= 1);
        int beforeDelete = countTagged(name);
        delete(name);
        given().get("/api/schedules/" + name).then().statusCode(404);
        assertThat(stableCount(name)).isLessThanOrEqualTo(beforeDelete + 1);
    }

    @Test
    void overlapSkipFiresNothingWhileThePreviousFiringsTaskRuns() {
        String name = unique("skip");
        created(aSchedule(name, EVERY_SECOND, "skip", name, 2500));
        await().atMost(Duration.ofSeconds(40)).until(() -> countTagged(name) >= 3);
        delete(name);
        List<JsonPath> tasks = tasksTagged(name).stream().map(t -> TaskApi.awaitFinal(t.getString("id"))).toList();
        for (int i = 1; i < tasks.size(); i++) {
            Instant previousEnd = Instant.parse(tasks.get(i - 1).getString("finishedAt"));
            assertThat(Instant.parse(tasks.get(i).getString("createdAt"))).isAfterOrEqualTo(previousEnd);
        }
    }

    /** The number of tasks tagged so once it has not changed for 2.5 s, two and a half slots of the schedule. */
    static int stableCount(String tag) {
        AtomicInteger last = new AtomicInteger(-1);
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    int now = countTagged(tag);
                    return last.getAndSet(now) == now;
                });
        return last.get();
    }

    static Instant fireTime(String idempotencyKey) {
        // schedule:<name>:<fire time>:<schedule id>
        String rest = idempotencyKey.substring(idempotencyKey.indexOf(':', "schedule:".length()) + 1);
        return Instant.parse(rest.substring(0, rest.lastIndexOf(':')));
    }

    static String unique(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void delete(String name) {
        given().delete("/api/schedules/" + name).then().statusCode(204);
    }
}
