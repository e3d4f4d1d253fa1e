package io.queuemgr.executor;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class WebhookExecutionTest {

    record Received(String method, String path, String contentType, String token, String body) {
    }

    private HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Token"), body));
            int status = exchange.getRequestURI().getPath().startsWith("/fail") ? 503 : 201;
            byte[] answer = ("{\"seen\":" + body.length() + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void webhookSendsMethodHeadersAndJsonBodyAndKeepsTheAnswer() throws InterruptedException {
        String id = submitted(aTask().ofType("webhook").withParam("url", url("/hooks/build"))
                .withParam("method", "PUT").withParam("headers", Map.of("X-Token", "abc"))
                .withParam("body", Map.of("ref", "main")));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getInt("result.status")).isEqualTo(201);
        assertThat(done.getString("result.body")).isEqualTo("{\"seen\":14}");
        Received got = received.poll(5, TimeUnit.SECONDS);
        assertThat(got).isEqualTo(new Received("PUT", "/hooks/build", "application/json", "abc",
                "{\"ref\":\"main\"}"));
    }

    @Test
    void unexpectedServerErrorFailsAsRetryable() {
        String id = submitted(aTask().ofType("CUSTOM_WEBHOOK").withParam("url", url("/fail")).with("maxRetries", 0));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("HTTP_SERVER_ERROR");
        assertThat(done.getBoolean("error.retryable")).isTrue();
        assertThat(done.getString("error.context.httpStatus")).isEqualTo("503");
    }

    @Test
    void expectedStatusListDecidesSuccess() {
        String id = submitted(aTask().ofType("webhook").withParam("url", url("/ok"))
                .withParam("expectedStatus", List.of(200)));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("HTTP_UNEXPECTED_STATUS");
        assertThat(done.getInt("result.status")).isEqualTo(201);
    }

    @Test
    void closedPortFailsAsConnectionRefused() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String id = submitted(aTask().ofType("webhook").withParam("url", "http://127.0.0.1:" + closed + "/x")
                .with("maxRetries", 0));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("NETWORK_CONNECTION_REFUSED");
    }
}
