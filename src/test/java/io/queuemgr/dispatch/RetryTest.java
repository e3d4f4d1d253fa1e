package io.queuemgr.dispatch;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskApi.task;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.Kcat;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class RetryTest {

    private static final String DLQ = "queuemgr.tasks.dlq";
    private final Kcat kcat = new Kcat(LocalStack.get().kafkaBootstrap());

    @TempDir
    Path dir;

    private static String queue(String retryBaseDelay, String retryMaxDelay) {
        String name = "retry-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"retryBaseDelay\":\"" + retryBaseDelay
                + "\",\"retryMaxDelay\":\"" + retryMaxDelay + "\"}").post("/api/queues").then().statusCode(201);
        return name;
    }

    /** A shell task that fails until its attempt number reaches {@code succeedOn}, noting when each attempt ran. */
    private String flaky(int succeedOn) {
        Path count = dir.resolve("count");
        Path times = dir.resolve("times");
        return "n=$(cat " + count + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + count
                + "; date +%s%3N >> " + times + "; echo attempt $n; [ $n -ge " + succeedOn + " ]";
    }

    @Test
    void aRetryableFailureWaitsTheBackoffThenRunsAgain() throws IOException {
        String queue = queue("1s", "10s");
        String id = submitted(aShellTask(flaky(3)).inQueue(queue).with("maxRetries", 3));

        // Between attempts the task is PENDING, with the attempt's error and the time of its retry.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> task(id).getString("status") + " after attempt " + task(id).getInt("attempt"),
                        "PENDING after attempt 1"::equals);
        JsonPath waiting = task(id);
        assertThat(waiting.getString("nextRetryAt")).isNotNull();
        assertThat(waiting.getString("error.code")).isEqualTo("COMMAND_FAILED");

        JsonPath done = awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getInt("attempt")).isEqualTo(3);
        assertThat(done.getString("nextRetryAt")).isNull();
        assertThat(done.getString("result.stdout")).isEqualTo("attempt 3\n");

        // Delays: 1 s after the first attempt, 2 s after the second (base × 2^(attempt−1)), give or take.
        List<Long> starts = Files.readAllLines(dir.resolve("times")).stream().map(Long::parseLong).toList();
        assertThat(starts).hasSize(3);
        assertThat(starts.get(1) - starts.get(0)).isBetween(1000L, 2500L);
        assertThat(starts.get(2) - starts.get(1)).isBetween(2000L, 3500L);
    }

    @Test
    void theDelayIsCappedAtTheQueuesMaximum() throws IOException {
        String queue = queue("500ms", "700ms");
        String id = submitted(aShellTask(flaky(3)).inQueue(queue).with("maxRetries", 2));
        assertThat(awaitFinal(id, Duration.ofSeconds(30)).getString("status")).isEqualTo("COMPLETED");
        List<Long> starts = Files.readAllLines(dir.resolve("times")).stream().map(Long::parseLong).toList();
        assertThat(starts.get(2) - starts.get(1)).isBetween(700L, 2000L);
    }

    @Test
    void aTaskThatUsesUpItsRetriesFailsAndIsADeadLetter() throws IOException {
        String queue = queue("200ms", "1s");
        String id = submitted(aShellTask(flaky(99)).inQueue(queue).with("maxRetries", 2));
        JsonPath done = awaitFinal(id, Duration.ofSeconds(30));
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getInt("attempt")).isEqualTo(3);
        assertThat(Files.readAllLines(dir.resolve("times"))).hasSize(3);
        assertThat(deadLetter(id).path("error").path("code").asText()).isEqualTo("COMMAND_FAILED");
    }

    @Test
    void aFailureNoRetryCanHelpIsADeadLetterAtOnce() {
        String id = submitted(aTask().ofType("command").withParam("command", "no-such-program-" + UUID.randomUUID())
                .with("maxRetries", 5));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getInt("attempt")).isEqualTo(1);
        assertThat(deadLetter(id).path("status").asText()).isEqualTo("FAILED");
    }

    private com.fasterxml.jackson.databind.JsonNode deadLetter(String id) {
        var record = await().atMost(Duration.ofSeconds(10)).until(
                () -> kcat.consumeAll(DLQ).stream().filter(r -> id.equals(r.path("key").asText())).findFirst(),
                java.util.Optional::isPresent).get();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.path("payload").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
