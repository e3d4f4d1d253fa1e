package io.queuemgr.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.http.ContentType;

/**
 * Not a test (its name keeps it out of the default run): how many noop tasks per second the service completes with
 * nobody watching and with 100 watchers following every change. Prints both; asserts nothing about time. Run with
 * {@code ./mvnw -o test -Dtest=WatchersAndDispatchBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class WatchersAndDispatchBenchmark {

    private static final int TASKS = Integer.getInteger("bench.tasks", 5000);
    private static final int WATCHERS = Integer.getInteger("bench.watchers", 100);

    @TestHTTPResource("/api/tasks")
    URI tasks;

    @TestHTTPResource("/api/events")
    URI events;

    @Test
    void throughputWithAndWithoutWatchers() throws Exception {
        burst(TASKS / 2); // warm-up, not counted
        double alone = burst(TASKS);
        List<SseWatch> watchers = new ArrayList<>();
        for (int i = 0; i < WATCHERS; i++) {
            watchers.add(SseWatch.open(events, null));
        }
        double watched;
        long received;
        long ended;
        try {
            watched = burst(TASKS);
            await().atMost(Duration.ofMinutes(2)).until(() -> watchers.stream()
                    .allMatch(w -> w.events().stream().filter(e -> e.name().equals("task")).count() >= TASKS));
        } finally {
            received = watchers.stream().mapToLong(w -> w.events().size()).sum();
            ended = watchers.stream().filter(w -> w.events().stream().anyMatch(e -> e.name().equals("ended"))).count();
            for (SseWatch w : watchers) {
                w.close();
            }
        }
        System.out.printf("%n[bench] %d noop tasks, none watching: %.0f tasks/s%n", TASKS, alone);
        System.out.printf("[bench] %d noop tasks, %d watchers: %.0f tasks/s; %d events received, %d watchers "
                + "dropped%n%n", TASKS, WATCHERS, watched, received, ended);
    }

    /** Submits the tasks to a fresh queue, 64 at a time, and answers the tasks completed per second. */
    private double burst(int count) throws Exception {
        String queue = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + queue + "\",\"maxConcurrent\":256}")
                .post("/api/queues").then().statusCode(201);
        String body = "{\"type\":\"noop\",\"queue\":\"" + queue + "\"}";
        Semaphore inFlight = new Semaphore(64);
        long start = System.nanoTime();
        try (HttpClient http = HttpClient.newHttpClient()) {
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                inFlight.acquire();
                sent.add(http.sendAsync(HttpRequest.newBuilder(tasks).header("Authorization", AdminToken.bearer())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release()));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> given()
                .get("/api/queues/" + queue + "/stats").jsonPath().getLong("byStatus.COMPLETED") >= count);
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
