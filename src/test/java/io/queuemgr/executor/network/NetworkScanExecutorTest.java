package io.queuemgr.executor.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.TaskError;
import io.queuemgr.task.TaskFailure;
import io.queuemgr.testing.FakeContext;

/** network.scan of loopback, where a few ports listen, under the default policy (loopback only). */
class NetworkScanExecutorTest {

    private final ScanPolicy loopbackOnly = new ScanPolicy(List.of("127.0.0.0/8", "::1/128"), 10_000, 200);
    private final NetworkScanExecutor executor = new NetworkScanExecutor(loopbackOnly);
    private final List<ServerSocket> listening = new ArrayList<>();

    @AfterEach
    void closeServers() throws IOException {
        for (ServerSocket server : listening) {
            server.close();
        }
    }

    private int listen(int backlog) throws IOException {
        ServerSocket server = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        listening.add(server);
        return server.getLocalPort();
    }

    @Test
    void aScanOfLoopbackFindsTheListeningPortsAndCountsTheClosedOnes() throws IOException {
        int a = listen(50);
        int b = listen(50);
        int closed1 = NetworkTestExecutorTest.closedPort();
        int closed2 = NetworkTestExecutorTest.closedPort();
        var ports = JsonNodeFactory.instance.arrayNode().add(a).add(closed1).add(b + "," + closed2);
        FakeContext context = FakeContext.forType("network.scan");
        TaskOutcome outcome = context.run(executor, new NetworkScanParams("127.0.0.1", ports, 4, 1_000));
        JsonNode result = ((TaskOutcome.Succeeded) outcome).result();
        List<Integer> open = new ArrayList<>();
        result.get("open").forEach(port -> open.add(port.get("port").asInt()));
        assertThat(open).containsExactlyInAnyOrder(a, b);
        assertThat(result.get("closedCount").asInt()).isEqualTo(closed1 == closed2 ? 1 : 2);
        assertThat(result.get("filteredCount").asInt()).isZero();
        assertThat(context.percents()).last().isEqualTo(100);
    }

    @Test
    void aRangeIsScannedPortByPortWithProgressByPortsDone() throws IOException {
        int open = listen(50);
        int from = Math.max(1, open - 20);
        FakeContext context = FakeContext.forType("network.scan");
        TaskOutcome outcome = context.run(executor,
                new NetworkScanParams("localhost", TextNode.valueOf(from + "-" + (open + 20)), null, 500));
        JsonNode result = ((TaskOutcome.Succeeded) outcome).result();
        assertThat(result.get("portsScanned").asInt()).isEqualTo(open + 20 - from + 1);
        assertThat(result.get("open").toString()).contains("\"port\":" + open);
        assertThat(context.percents()).isSorted().contains(100);
        assertThat(context.steps()).anyMatch(step -> step.endsWith("ports tried"));
    }

    @Test
    void aHostThatResolvesOutsideTheAllowedRangesIsRefusedWhenTheScanRuns() {
        NetworkScanExecutor privateOnly = new NetworkScanExecutor(new ScanPolicy(List.of("10.0.0.0/8"), 100, 10));
        TaskError error = catchThrowableOfType(TaskFailure.class, () -> FakeContext.forType("network.scan")
                .run(privateOnly, new NetworkScanParams("localhost", TextNode.valueOf("22"), null, null))).error();
        assertThat(error.code()).isEqualTo("NETWORK_SCAN_NOT_ALLOWED");
        assertThat(error.retryable()).isFalse();
        assertThat(error.context()).containsEntry("host", "localhost");
        assertThat(error.message()).contains("queuemgr.network.scan-allowed-cidrs");
    }

    @Test
    void aHostThatDoesNotResolveFailsAsHostUnknown() {
        TaskError error = catchThrowableOfType(TaskFailure.class, () -> FakeContext.forType("network.scan")
                .run(executor, new NetworkScanParams("nowhere.invalid", null, null, null))).error();
        assertThat(error.code()).isEqualTo("NETWORK_HOST_UNKNOWN");
    }

    @Test
    void aCancelStopsTheScanWithWhatItLearnt() throws IOException {
        int full = listen(1);
        try (var backlog = NetworkTestExecutorTest.Backlog.fill(full)) {
            FakeContext context = FakeContext.forType("network.scan");
            var outcome = context.start(executor, new NetworkScanParams("127.0.0.1",
                    TextNode.valueOf(full + "," + NetworkTestExecutorTest.closedPort()), 1, 60_000));
            await().atMost(Duration.ofSeconds(5)).until(() -> context.steps().stream()
                    .anyMatch(step -> step.startsWith("Scanning")));
            context.cancel();
            TaskOutcome stopped = FakeContext.await(outcome, Duration.ofSeconds(5));
            assertThat(stopped).isInstanceOf(TaskOutcome.Stopped.class);
            assertThat(((TaskOutcome.Stopped) stopped).partialResult().get("portsRequested").asInt()).isEqualTo(2);
        }
    }
}
