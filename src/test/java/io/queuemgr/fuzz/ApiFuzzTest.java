package io.queuemgr.fuzz;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.queuemgr.testing.TaskBuilder;

/**
 * Bad input never hurts, over HTTP: thousands of generated requests across every {@code /api} endpoint get no 5xx
 * and a problem document for every error, while well-formed submissions sent in between all complete.
 * {@code -Dfuzz.seed=} repeats a run; {@code -Dfuzz.requests=} sets its size.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ApiFuzzTest {

    private static final int SENDERS = 4;
    private static final int GOOD_EVERY = 50;

    @TestHTTPResource("/")
    URL base;

    private final FuzzQueues queues = new FuzzQueues();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void removeWhatTheRunMade() {
        queues.removeAll();
    }

    @Test
    void generatedRequestsNeverGetAServerErrorAndEveryErrorIsAProblem() throws Exception {
        FuzzRun run = FuzzRun.fromSystemProperties("ApiFuzzTest", "fuzz.requests", 6_000);
        long setUp = System.nanoTime();
        FuzzTargets targets = targets(run.tag());
        String goodQueue = queues.create("fz-good-" + run.tag(), "");
        System.out.printf("ApiFuzzTest: targets set up in %.1f s%n", (System.nanoTime() - setUp) / 1e9);
        Map<String, Object> defaultQueue = given().get("/api/queues/default").then().statusCode(200).extract()
                .jsonPath().getMap("");
        RequestFuzz requests = new RequestFuzz(targets);
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        Queue<String> good = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();

        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int s = 0; s < SENDERS; s++) {
            senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < run.count(); i = next.getAndIncrement()) {
                    FuzzRequest request = requests.request(i, run.caseRandom(i));
                    send(request).ifPresent(v -> violations.add(request.describe() + "\n    -> " + v));
                    if (i % GOOD_EVERY == 0) {
                        try {
                            good.add(submitGood(goodQueue, i));
                        } catch (AssertionError e) {
                            violations.add("the good submission after #" + i + " was refused: " + e.getMessage());
                        }
                    }
                }
                return null;
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).as("the fuzz run ended in time").isTrue();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("ApiFuzzTest: %d requests in %.1f s (%.0f/s), %d violations%n", run.count(), seconds,
                run.count() / seconds, violations.size());

        assertThat(violations).as("answers that break the rules (seed %d)", run.seed()).isEmpty();
        assertThat(good).hasSizeGreaterThanOrEqualTo(run.count() / GOOD_EVERY);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> completed(goodQueue) == good.size());
        System.out.printf("ApiFuzzTest: %d good submissions completed, %.1f s after the start%n", good.size(),
                (System.nanoTime() - started) / 1e9);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        assertThat(given().get("/api/queues/default").then().statusCode(200).extract().jsonPath().getMap(""))
                .as("the default queue, which every other test uses").isEqualTo(defaultQueue);
    }

    private static int completed(String queue) {
        return given().queryParam("queue", queue).queryParam("status", "COMPLETED").queryParam("limit", 1000)
                .get("/api/tasks").then().statusCode(200).extract().jsonPath().getList("items").size();
    }

    /** Sends one request; the reason it breaks the rules, if it does. */
    private java.util.Optional<String> send(FuzzRequest request) {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + request.path()))
                    .timeout(Duration.ofSeconds(60))
                    .method(request.method(), request.body() == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty(); // not a request an HTTP client can send
        }
        // Authentication has tests of its own; the fuzz reaches past it to what the endpoints do with input.
        builder.header("Authorization", AdminToken.bearer());
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            try {
                builder.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                // a header the client refuses to send is left out
            }
        }
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            trackCreatedQueue(request, response);
            return ProblemCheck.violation(request, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (IOException e) {
            if (request.body() != null && request.body().length > RequestFuzz.OVER_BODY_LIMIT - 2048) {
                return java.util.Optional.empty(); // refused and closed while the client was still sending
            }
            return java.util.Optional.of("no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.of("interrupted");
        }
    }

    private void trackCreatedQueue(FuzzRequest request, HttpResponse<byte[]> response) {
        if (response.statusCode() == 201 && request.path().equals("/api/queues")) {
            response.headers().firstValue("Location")
                    .ifPresent(location -> queues.adopt(location.substring(location.lastIndexOf('/') + 1)));
        }
    }

    private String submitGood(String queue, int index) {
        return given().contentType("application/json").body(aTask().inQueue(queue).withParam("echo", index).json())
                .post("/api/tasks").then().statusCode(202).extract().path("id");
    }

    /** Queues and tasks of this run in every state the task and worker endpoints care about. */
    private FuzzTargets targets(String tag) {
        String parked = queues.parked("fz-parked-" + tag);
        String running = queues.create("fz-run-" + tag, ",\"maxConcurrent\":50,\"maxRetries\":0");
        String workers = queues.create("fz-workers-" + tag, ",\"maxConcurrent\":5");
        List<String> scratch = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "fz-scratch-" + tag + "-" + i;
            if (i < 2) {
                queues.create(name, "");
            } else {
                queues.adopt(name);
            }
            scratch.add(name);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(TaskApi.submitted(aTask().inQueue(parked)));
        }
        List<String> finishing = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            finishing.add(TaskApi.submitted(aTask().inQueue(running)));
            finishing.add(TaskApi.submitted(TaskBuilder.aTask().ofType("script").inQueue(running)
                    .withParam("scriptPath", "/tmp/queuemgr-nonexistent/fz-" + i + ".sh")));
        }
        finishing.forEach(id -> awaitFinal(id));
        ids.addAll(finishing);
        String longRunning = TaskApi.submitted(aTask().inQueue(running).withParam("durationMs", 120_000)
                .withTimeoutSeconds(300));
        awaitStatus(longRunning, "RUNNING", Duration.ofSeconds(30));
        ids.add(longRunning);
        for (int i = 0; i < 3; i++) {
            ids.add(TaskApi.submitted(aTask().ofType("external").inQueue(workers).withParam("n", i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/queues/" + workers + "/stats")
                .then().extract().jsonPath().getInt("total") == 3);
        return new FuzzTargets(parked, scratch, ids, workers);
    }
}
