package io.queuemgr.executor.network;

import static io.queuemgr.executor.network.TestProbes.dns;
import static io.queuemgr.executor.network.TestProbes.http;
import static io.queuemgr.executor.network.TestProbes.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.TaskError;
import io.queuemgr.task.TaskFailure;
import io.queuemgr.testing.FakeContext;
import io.vertx.mutiny.core.Vertx;

/** network.test of kinds tcp, http and dns against real sockets and servers on loopback. */
class NetworkTestExecutorTest {

    private static Vertx vertx;
    private static NetworkTestExecutor executor;

    @BeforeAll
    static void startVertx() throws Exception {
        vertx = Vertx.vertx();
        executor = new NetworkTestExecutor(TestProbes.probe(vertx));
    }

    @AfterAll
    static void stopVertx() {
        vertx.closeAndAwait();
    }

    static JsonNode succeeded(NetworkTestParams params) {
        TaskOutcome outcome = FakeContext.forType("network.test").run(executor, params);
        assertThat(outcome).isInstanceOf(TaskOutcome.Succeeded.class);
        return ((TaskOutcome.Succeeded) outcome).result();
    }

    static TaskError failure(NetworkTestExecutor executor, NetworkTestParams params) {
        return catchThrowableOfType(TaskFailure.class,
                () -> FakeContext.forType("network.test").run(executor, params)).error();
    }

    @Test
    void aTcpTestOfAListeningPortReportsHowLongTheConnectTook() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            JsonNode result = succeeded(tcp("127.0.0.1", server.getLocalPort(), 2_000));
            assertThat(result.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(result.get("latencyMs").asDouble()).isBetween(0.0, 2_000.0);
        }
    }

    @Test
    void aTcpTestOfAClosedPortFailsAsRefusedNamingHostAndPort() throws IOException {
        int closed = closedPort();
        TaskError error = failure(executor, tcp("127.0.0.1", closed, 2_000));
        assertThat(error.code()).isEqualTo("NETWORK_CONNECTION_REFUSED");
        assertThat(error.context()).containsEntry("host", "127.0.0.1").containsEntry("port", "" + closed);
        assertThat(error.suggestions()).isNotEmpty();
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void aTcpTestOfAServerWhoseBacklogIsFullTimesOut() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Backlog backlog = Backlog.fill(server.getLocalPort())) {
            TaskError error = failure(executor, tcp("127.0.0.1", server.getLocalPort(), 300));
            assertThat(error.code()).isEqualTo("NETWORK_TIMEOUT");
            assertThat(error.context()).containsEntry("port", "" + server.getLocalPort());
        }
    }

    @Test
    void aHostNameThatResolvesToADeniedAddressIsRefusedWhenTheTestRuns() throws Exception {
        NetworkTestExecutor guarded = new NetworkTestExecutor(
                TestProbes.probe(vertx, List.of("127.0.0.0/8", "::1/128"), javax.net.ssl.SSLContext.getDefault()));
        TaskError error = failure(guarded, tcp("localhost", 9, 1_000));
        assertThat(error.code()).isEqualTo("DESTINATION_NOT_ALLOWED");
        assertThat(error.retryable()).isFalse();
        assertThat(error.context()).containsEntry("host", "localhost");
    }

    @Test
    void anHttpTestReportsTheStatusAndHowLongTheAnswerTook() throws IOException {
        HttpServer server = httpServer(204);
        try {
            JsonNode result = succeeded(http(url(server), 5_000));
            assertThat(result.get("status").asInt()).isEqualTo(204);
            assertThat(result.get("latencyMs").asDouble()).isPositive();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anHttpTestAnsweredWithAServerErrorFailsWithTheHttpCode() throws IOException {
        HttpServer server = httpServer(503);
        try {
            TaskError error = failure(executor, http(url(server), 5_000));
            assertThat(error.code()).isEqualTo("HTTP_SERVER_ERROR");
            assertThat(error.context()).containsEntry("httpStatus", "503").containsEntry("url", url(server));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anHttpServerThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/";
            TaskError error = failure(executor, http(url, 300));
            assertThat(error.code()).isEqualTo("NETWORK_TIMEOUT");
            assertThat(error.context()).containsEntry("host", "127.0.0.1")
                    .containsEntry("port", "" + silent.getLocalPort());
        }
    }

    @Test
    void anHttpTestOfAClosedPortFailsAsRefused() throws IOException {
        TaskError error = failure(executor, http("http://127.0.0.1:" + closedPort() + "/health", 5_000));
        assertThat(error.code()).isEqualTo("NETWORK_CONNECTION_REFUSED");
    }

    @Test
    void aDnsTestListsTheAddressesANameResolvesTo() {
        JsonNode result = succeeded(dns("localhost"));
        List<String> all = new ArrayList<>();
        result.get("ipv4").forEach(a -> all.add(a.asText()));
        result.get("ipv6").forEach(a -> all.add(a.asText()));
        assertThat(all).containsAnyOf("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(result.get("latencyMs").asDouble()).isNotNegative();
    }

    @Test
    void aNameThatDoesNotExistFailsAsHostUnknown() {
        TaskError error = failure(executor, dns("nowhere.invalid"));
        assertThat(error.code()).isEqualTo("NETWORK_HOST_UNKNOWN");
        assertThat(error.context()).containsEntry("host", "nowhere.invalid");
        assertThat(failure(executor, tcp("nowhere.invalid", 80, 2_000)).code()).isEqualTo("NETWORK_HOST_UNKNOWN");
    }

    @Test
    void aCancelStopsATestThatIsWaitingForAnAnswer() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            FakeContext context = FakeContext.forType("network.test");
            var outcome = context.start(executor, http("http://127.0.0.1:" + silent.getLocalPort() + "/", 60_000));
            context.cancel();
            assertThat(FakeContext.await(outcome, Duration.ofSeconds(5))).isInstanceOf(TaskOutcome.Stopped.class);
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static HttpServer httpServer(int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    }

    /** Connections that fill a listening socket's accept queue, so that the next SYN is dropped. */
    record Backlog(List<Socket> sockets) implements AutoCloseable {

        static Backlog fill(int port) throws IOException {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                try {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                } catch (SocketTimeoutException full) {
                    return new Backlog(sockets);
                }
            }
            throw new IllegalStateException("The accept queue of port " + port + " never filled");
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
