package io.queuemgr.queue;

import static io.queuemgr.testing.QueueBuilder.aQueue;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class QueueStatsTest {

    private static String submit(String queue, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/queues/" + queue + "/tasks").then()
                .statusCode(202).extract().path("id");
    }

    @Test
    void statsOfAQueueAddUp() {
        String queue = aQueue("stats").create();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit(queue, aTask().withParam("durationMs", 150).json()));
        }
        ids.add(submit(queue, aShellTask("exit 1").with("maxRetries", 0).json()));
        ids.forEach(id -> awaitFinal(id));
        given().post("/api/queues/" + queue + "/pause").then().statusCode(200);
        awaitStatus(submit(queue, aTask().json()), "PENDING", Duration.ofSeconds(5));

        JsonPath stats = given().get("/api/queues/" + queue + "/stats").then().statusCode(200).extract().jsonPath();
        assertThat(stats.getLong("total")).isEqualTo(5);
        Map<String, Integer> byStatus = stats.getMap("byStatus");
        assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of("COMPLETED", 3, "FAILED", 1, "PENDING", 1));
        assertThat(stats.getMap("byType", String.class, Integer.class))
                .containsExactlyInAnyOrderEntriesOf(Map.of("noop", 4, "command", 1));
        assertThat(stats.getLong("queueLength")).isEqualTo(1);
        assertThat(stats.getLong("runningNow")).isZero();
        assertThat(stats.getDouble("successRate")).isEqualTo(0.75);
        assertThat(stats.getLong("runTimeMs.count")).isEqualTo(4);
        assertThat(stats.getLong("runTimeMs.p95")).isGreaterThanOrEqualTo(150);
        assertThat(stats.getLong("waitTimeMs.count")).isEqualTo(4);
        assertThat(stats.getLong("lastMinute.completed")).isEqualTo(3);
        assertThat(stats.getLong("lastMinute.failed")).isEqualTo(1);
        assertThat(stats.getDouble("lastMinute.failureRate")).isEqualTo(0.25);
        assertThat(stats.getLong("lastHour.completed")).isEqualTo(3);

        JsonPath all = given().get("/api/stats").then().statusCode(200).extract().jsonPath();
        long sum = all.getMap("byStatus", String.class, Integer.class).values().stream().mapToLong(Integer::longValue)
                .sum();
        assertThat(all.getLong("total")).isGreaterThanOrEqualTo(5).isEqualTo(sum);
        // The quantile points that instances combine are not part of a client's answer.
        assertThat(stats.getMap("runTimeMs")).doesNotContainKey("points");
        assertThat(all.getMap("waitTimeMs")).doesNotContainKey("points");
        assertThat(all.getMap("$")).doesNotContainKey("unanswered");
        given().get("/api/queues/no-such-" + UUID.randomUUID() + "/stats").then().statusCode(404);
    }
}
