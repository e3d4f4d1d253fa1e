package io.queuemgr.queue;

import static io.queuemgr.testing.QueueBuilder.aQueue;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Priority 9 first, and within a priority the oldest first, even when the backlog is larger than the tasks an
 * instance keeps whole while they wait (the test profile keeps 64).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class PriorityTest {

    private static final int FLOOD = 300;
    private static final Pattern BUFFERED = Pattern.compile("(?m)^queuemgr_dispatch_buffered(?:\\{[^}]*\\})? (\\S+)$");

    @Test
    void aPriorityNineTaskOvertakesAFloodOfPriorityOneLargerThanTheBuffer() {
        String queue = aQueue("prio").withMaxConcurrent(1).create();
        given().post("/api/queues/" + queue + "/pause").then().statusCode(200);
        List<String> flood = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            flood.add(submit(queue, aTask().withPriority(1).json()));
        }
        String urgent = submit(queue, aTask().withPriority(9).json());
        // Everything is fetched and waiting on the paused queue.
        await().atMost(Duration.ofSeconds(30)).until(() -> buffered() >= FLOOD + 1);

        given().post("/api/queues/" + queue + "/resume").then().statusCode(200);

        Instant urgentStarted = Instant.parse(awaitFinal(urgent).getString("startedAt"));
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/api/tasks?status=COMPLETED&limit=1000&queue="
                + queue).jsonPath().getList("items").size() == FLOOD + 1);
        List<JsonPath> done = flood.stream().map(id -> given().get("/api/tasks/" + id).jsonPath()).toList();
        List<Instant> started = done.stream().map(t -> Instant.parse(t.getString("startedAt"))).toList();
        assertThat(started).as("no priority-1 task started before the priority-9 one")
                .allMatch(s -> !s.isBefore(urgentStarted));
        assertThat(started).as("priority-1 tasks started oldest first").isSorted();
        assertThat(done).allMatch(t -> "COMPLETED".equals(t.getString("status")) && t.getInt("attempt") == 1);
    }

    private static String submit(String queue, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/queues/" + queue + "/tasks").then()
                .statusCode(202).extract().path("id");
    }

    private static double buffered() {
        Matcher m = BUFFERED.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
