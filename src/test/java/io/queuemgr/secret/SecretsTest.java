package io.queuemgr.secret;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SecretsTest {

    @ConfigProperty(name = "queuemgr.secrets.dir")
    String secretsDir;

    @TempDir
    Path dir;

    private String name;
    private String value;

    @BeforeEach
    void writeASecret() throws IOException {
        // A name and value of this test's own: secrets of other tests in the same directory do not matter.
        name = "test-" + UUID.randomUUID();
        value = "v-" + UUID.randomUUID();
        Files.createDirectories(Path.of(secretsDir));
        Files.writeString(Path.of(secretsDir, name), value + "\n");
    }

    @AfterEach
    void deleteTheSecret() throws IOException {
        Files.deleteIfExists(Path.of(secretsDir, name));
    }

    private static Map<String, String> ref(String name) {
        return Map.of("secretRef", name);
    }

    @Test
    void aSecretFromTheDirectoryReachesTheProcessAndShowsAsStarsInItsLogsAndResult() throws IOException {
        Path seen = dir.resolve("seen");
        String id = submitted(aShellTask("echo \"token is $TOKEN\"; echo \"$TOKEN\" >&2; printf %s \"$TOKEN\" > "
                + seen).withParam("env", Map.of("TOKEN", ref(name))));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(Files.readString(seen)).isEqualTo(value);
        assertThat(done.getString("result.stdout")).isEqualTo("token is ***\n");
        assertThat(done.getString("result.stderr")).isEqualTo("***\n");
        assertThat(done.getMap("params.env.TOKEN")).isEqualTo(ref(name));
        // Log lines reach the store in batches, moments after the task ended.
        String logs = await().atMost(Duration.ofSeconds(10)).until(
                () -> given().get("/api/tasks/" + id + "/logs").asString(), text -> text.contains("token is ***"));
        assertThat(logs).doesNotContain(value);
        assertThat(given().get("/api/tasks/" + id).asString()).doesNotContain(value);
    }

    @Test
    void aSecretInAFailingCommandsErrorMessageShowsAsStars() {
        String id = submitted(aShellTask("echo \"cannot log in with $PW\" >&2; exit 3")
                .withParam("env", Map.of("PW", ref(name))).with("maxRetries", 0));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("error.code")).isEqualTo("COMMAND_FAILED");
        assertThat(done.getString("error.message")).endsWith("cannot log in with ***");
        assertThat(given().get("/api/tasks/" + id).asString()).doesNotContain(value);
    }

    @Test
    void anUnknownSecretFailsTheTaskBeforeItsProcessRuns() {
        Path ran = dir.resolve("ran");
        String missing = "missing-" + UUID.randomUUID();
        String id = submitted(aShellTask("touch " + ran).withParam("env", Map.of("X", ref(missing)))
                .with("maxRetries", 3));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("SECRET_NOT_FOUND");
        assertThat(done.getBoolean("error.retryable")).isFalse();
        assertThat(done.getInt("attempt")).isEqualTo(1);
        assertThat(done.getString("error.message")).contains(missing).contains("params.env.X");
        assertThat(done.getList("error.suggestions")).isNotEmpty();
        assertThat(ran).doesNotExist();
    }

    @Test
    void aSecretFromTheEnvironmentReachesAWebhookHeaderAndAnEchoOfItIsHidden() throws Exception {
        BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            tokens.add(token);
            byte[] echo = ("{\"youSent\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, echo.length);
            exchange.getResponseBody().write(echo);
            exchange.close();
        });
        server.start();
        try {
            // QUEUEMGR_SECRET_FROM_ENV is set on the test JVM by surefire (pom.xml).
            String secret = System.getenv("QUEUEMGR_SECRET_FROM_ENV");
            assertThat(secret).as("QUEUEMGR_SECRET_FROM_ENV from pom.xml").isNotBlank();
            String id = submitted(aTask().ofType("webhook")
                    .withParam("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook")
                    .withParam("headers", Map.of("Authorization", ref("FROM_ENV"), "X-Plain", "p")));
            JsonPath done = awaitFinal(id);
            assertThat(done.getString("status")).isEqualTo("COMPLETED");
            assertThat(tokens.poll(5, TimeUnit.SECONDS)).isEqualTo(secret);
            assertThat(done.getString("result.body")).isEqualTo("{\"youSent\":\"***\"}");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aSecretThatAWebhooksAnswerRepeatsWhereTheErrorMessageIsCutShowsAsStarsNotInPart() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            // The error message keeps the first 200 characters of the answer's first line: the secret straddles them.
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] answer = ("x".repeat(195) + token + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            String id = submitted(aTask().ofType("webhook")
                    .withParam("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook")
                    .withParam("headers", Map.of("Authorization", ref(name))).with("maxRetries", 0));
            JsonPath done = awaitFinal(id);
            assertThat(done.getString("error.message")).endsWith("x***").doesNotContain(value.substring(0, 5));
            assertThat(done.getString("result.body")).isEqualTo("x".repeat(195) + "***\n");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMalformedReferenceIsRefusedAtSubmissionNamingTheField() {
        TaskApi.submit(aShellTask("true").withParam("env", Map.of("X", ref("../etc/passwd")))).then()
                .statusCode(400).body("errors.field", hasItem("params.env.X"));
        TaskApi.submit(aShellTask("true").withParam("env", Map.of("X", Map.of("secretRef", "a", "also", "b"))))
                .then().statusCode(400).body("errors.field", hasItem("params.env.X"));
        TaskApi.submit(aTask().ofType("webhook").withParam("url", "http://127.0.0.1:9/x")
                .withParam("headers", Map.of("X-A", List.of("not", "a", "ref")))).then()
                .statusCode(400).body("errors.field", hasItem("params.headers.X-A"));
    }
}
