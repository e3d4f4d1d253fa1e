package io.queuemgr.executor.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.testing.FakeContext;
import io.vertx.mutiny.core.Vertx;

/** network.monitor of a loopback TCP server that goes away halfway through. */
class NetworkMonitorExecutorTest {

    private static Vertx vertx;
    private static NetworkMonitorExecutor executor;

    @BeforeAll
    static void startVertx() throws Exception {
        vertx = Vertx.vertx();
        executor = new NetworkMonitorExecutor(TestProbes.probe(vertx));
    }

    @AfterAll
    static void stopVertx() {
        vertx.closeAndAwait();
    }

    @Test
    void aServerThatGoesAwayHalfwayIsAvailableAboutHalfTheTimeAndFailsTheMinimumWithItsLastError()
            throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        NetworkMonitorParams params = new NetworkMonitorParams(
                TestProbes.tcp("127.0.0.1", server.getLocalPort(), 500), 0.2, 3, 90.0);
        FakeContext context = FakeContext.forType("network.monitor");
        CompletableFuture<TaskOutcome> outcome = context.start(executor, params);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> context.percents().stream().anyMatch(p -> p >= 50));
        server.close();
        TaskOutcome.Failed failed = (TaskOutcome.Failed) FakeContext.await(outcome, Duration.ofSeconds(10));
        JsonNode stats = failed.partialResult();
        assertThat(stats.get("attempts").asInt()).isBetween(8, 16);
        assertThat(stats.get("availabilityPercent").asDouble()).isBetween(30.0, 70.0);
        assertThat(stats.get("successes").asInt() + stats.get("failures").asInt())
                .isEqualTo(stats.get("attempts").asInt());
        JsonNode latency = stats.get("latencyMs");
        assertThat(latency.get("p50").asDouble()).isLessThanOrEqualTo(latency.get("p95").asDouble());
        assertThat(latency.get("p95").asDouble()).isLessThanOrEqualTo(latency.get("p99").asDouble());
        assertThat(latency.get("p99").asDouble()).isLessThanOrEqualTo(latency.get("max").asDouble());
        assertThat(stats.get("lastError").get("code").asText()).isEqualTo("NETWORK_CONNECTION_REFUSED");
        assertThat(failed.error().code()).isEqualTo("NETWORK_CONNECTION_REFUSED");
        assertThat(failed.error().message()).contains("below minAvailabilityPercent 90.0");
        assertThat(failed.error().context()).containsEntry("port", "" + server.getLocalPort())
                .containsKey("availabilityPercent");
        assertThat(context.percents()).isSorted();
    }

    @Test
    void aMonitorWithoutAMinimumSucceedsWithItsStatistics() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TaskOutcome outcome = FakeContext.forType("network.monitor").run(executor, new NetworkMonitorParams(
                    TestProbes.tcp("127.0.0.1", server.getLocalPort(), 500), 0.25, 1, null));
            JsonNode stats = ((TaskOutcome.Succeeded) outcome).result();
            assertThat(stats.get("attempts").asInt()).isBetween(3, 5);
            assertThat(stats.get("availabilityPercent").asDouble()).isEqualTo(100.0);
            assertThat(stats.has("lastError")).isFalse();
        }
    }

    @Test
    void aCancelStopsTheMonitorWithTheStatisticsSoFar() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            FakeContext context = FakeContext.forType("network.monitor");
            CompletableFuture<TaskOutcome> outcome = context.start(executor, new NetworkMonitorParams(
                    TestProbes.tcp("127.0.0.1", server.getLocalPort(), 500), 0.1, 600, null));
            await().atMost(Duration.ofSeconds(5)).until(() -> !context.percents().isEmpty());
            context.cancel();
            TaskOutcome stopped = FakeContext.await(outcome, Duration.ofSeconds(2));
            assertThat(((TaskOutcome.Stopped) stopped).partialResult().get("attempts").asInt()).isPositive();
        }
    }
}
