package io.queuemgr.executor;

import static io.queuemgr.testing.QueueBuilder.aQueue;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.path.json.JsonPath;

/** Webhook tasks to a target that answers 503 open its circuit breaker; later tasks fail fast, then a trial closes it. */
@QuarkusTest
@TestProfile(CircuitBreakerTest.ThreeFailuresEightSeconds.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class CircuitBreakerTest {

    /**
     * A breaker that opens after three failures in a row and stays open long enough for the test to see it open on
     * a slow machine (a task there can take two seconds).
     */
    public static class ThreeFailuresEightSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("queuemgr.breaker.failure-threshold", "3", "queuemgr.breaker.delay", "PT8S");
        }
    }

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean unwell = new AtomicBoolean(true);

    @BeforeEach
    void startTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(unwell.get() ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopTarget() {
        server.stop(0);
    }

    private String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private JsonPath webhook(String queue, int maxRetries) {
        return awaitFinal(submitted(aTask().ofType("webhook").inQueue(queue).withParam("url", "http://" + target()
                + "/hook").with("maxRetries", maxRetries)));
    }

    private Map<String, Object> breaker() {
        return given().get("/api/breakers").then().statusCode(200).extract().jsonPath()
                .getMap("find { it.target == '" + target() + "' }");
    }

    private void openTheBreaker(String queue) {
        for (int i = 0; i < 3; i++) {
            assertThat(webhook(queue, 0).getString("error.code")).isEqualTo("HTTP_SERVER_ERROR");
        }
        assertThat(calls).hasValue(3);
    }

    @Test
    void afterThreeServerErrorsTheNextTaskFailsFastWithoutReachingTheTargetAndATrialAfterTheDelayClosesIt() {
        openTheBreaker("default");

        JsonPath fast = webhook("default", 0);

        assertThat(fast.getString("status")).isEqualTo("FAILED");
        assertThat(fast.getString("error.code")).isEqualTo("CIRCUIT_OPEN");
        assertThat(fast.getBoolean("error.retryable")).isTrue();
        assertThat(Instant.parse(fast.getString("error.context.retryAfter"))).isAfter(Instant.now());
        assertThat(calls).hasValue(3);
        assertThat(breaker()).containsEntry("state", "OPEN").containsEntry("failures", 3)
                .containsEntry("retryAfter", fast.getString("error.context.retryAfter"));
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("queuemgr_breaker_state{target=\"" + target() + "\"} 2.0");

        unwell.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> "HALF_OPEN".equals(breaker().get("state")));
        assertThat(webhook("default", 0).getString("status")).isEqualTo("COMPLETED");

        assertThat(calls).hasValue(4);
        assertThat(breaker()).containsEntry("state", "CLOSED").containsEntry("failures", 0);
    }

    @Test
    void aTaskThatMeetsAnOpenBreakerIsRetriedByItsQueueUntilTheTargetIsWellAgain() {
        String queue = aQueue("breaker").withRetryBaseDelay(Duration.ofMillis(500))
                .withRetryMaxDelay(Duration.ofSeconds(1)).create();
        openTheBreaker(queue);
        unwell.set(false);

        // The queue retries every second at most: about eight retries wait out the breaker's delay.
        JsonPath done = webhook(queue, 30);

        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getInt("attempt")).isGreaterThan(1);
        assertThat(calls).hasValue(4);
    }
}
