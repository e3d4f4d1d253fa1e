package io.queuemgr.queue;

import static io.queuemgr.testing.QueueBuilder.aQueue;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.task;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class QueueLimitsTest {

    @TempDir
    Path dir;

    private static String submit(String queue, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/queues/" + queue + "/tasks").then()
                .statusCode(202).extract().path("id");
    }

    /**
     * A task that, while it runs, counts how many tasks of the test run at once (a file each in {@code running})
     * and notes the count in {@code seen}.
     */
    static String countingTask(Path dir) {
        Path running = dir.resolve("running");
        Path seen = dir.resolve("seen");
        return "mkdir -p " + running + "; touch " + running + "/$$; ls " + running + " | wc -l >> " + seen
                + "; sleep 0.4; ls " + running + " | wc -l >> " + seen + "; rm " + running + "/$$";
    }

    static int mostAtOnce(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("seen")).stream().mapToInt(l -> Integer.parseInt(l.strip())).max()
                .orElse(0);
    }

    @Test
    void aQueueNeverRunsMoreThanItsMaxConcurrentAndReachesIt() throws Exception {
        String queue = aQueue("limits").withMaxConcurrent(2).create();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(submit(queue, aShellTask(countingTask(dir)).json()));
        }
        ids.forEach(id -> assertThat(awaitFinal(id, Duration.ofSeconds(30)).getString("status"))
                .isEqualTo("COMPLETED"));
        assertThat(mostAtOnce(dir)).isEqualTo(2);
    }

    @Test
    void aFullQueueDoesNotHoldUpAnother() {
        Path release = dir.resolve("release");
        String stuck = aQueue("limits").withMaxConcurrent(1).create();
        String free = aQueue("limits").create();
        String blocker = submit(stuck, aShellTask("while [ ! -f " + release + " ]; do sleep 0.05; done").json());
        String waiting = submit(stuck, aTask().json());
        String other = submit(free, aTask().json());

        assertThat(awaitFinal(other, Duration.ofSeconds(20)).getString("status")).isEqualTo("COMPLETED");
        assertThat(task(waiting).getString("status")).isEqualTo("PENDING");
        try {
            Files.createFile(release);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(awaitFinal(blocker).getString("status")).isEqualTo("COMPLETED");
        assertThat(awaitFinal(waiting).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void aPausedQueueHoldsItsTasksUntilResumed() {
        String queue = aQueue("limits").create();
        given().post("/api/queues/" + queue + "/pause").then().statusCode(200).body("paused", equalTo(true));
        String id = submit(queue, aTask().json());
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> "PENDING".equals(task(id).getString("status")));
        given().post("/api/queues/" + queue + "/resume").then().statusCode(200).body("paused", equalTo(false));
        assertThat(awaitFinal(id, Duration.ofSeconds(10)).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void theRateLimitSpacesStartsOut() {
        String queue = aQueue("limits").withRateLimit("2/second").create();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(submit(queue, aTask().json()));
        }
        List<Instant> starts = ids.stream().map(id -> Instant.parse(awaitFinal(id, Duration.ofSeconds(20))
                .getString("startedAt"))).sorted().toList();
        // At most 2 starts in any second: the start two places on is at least a second later.
        for (int i = 0; i + 2 < starts.size(); i++) {
            assertThat(Duration.between(starts.get(i), starts.get(i + 2)))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }
}
