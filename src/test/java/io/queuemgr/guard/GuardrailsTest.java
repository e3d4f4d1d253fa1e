package io.queuemgr.guard;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class GuardrailsTest {

    private HttpServer server;

    /** Answers /to-metadata with a redirect to the cloud-metadata address, /moved with one to /final. */
    @BeforeEach
    void startRedirector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String location = switch (path) {
                case "/to-metadata" -> "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
                case "/moved" -> "/final";
                default -> null;
            };
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
                exchange.sendResponseHeaders(302, -1);
            } else {
                byte[] body = "arrived".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopRedirector() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void aTaskSeesOnlyPathHomeLangItsOwnAndPassedThroughVariables() {
        // Both are set on the test JVM, the service here, by surefire (pom.xml); only the second is passed through.
        assertThat(System.getenv("QUEUEMGR_TEST_SERVICE_ONLY")).as("set in pom.xml").isNotNull();
        String id = submitted(aTask().ofType("command").withParam("command", "env")
                .withParam("env", Map.of("OWN", "mine")));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        String out = done.getString("result.stdout");
        Set<String> names = new TreeSet<>();
        Arrays.stream(out.split("\n")).filter(l -> l.contains("=")).forEach(l -> names.add(l.substring(0,
                l.indexOf('='))));
        assertThat(names).containsExactlyInAnyOrder("PATH", "HOME", "LANG", "OWN", "QUEUEMGR_TEST_PASSED_THROUGH");
        assertThat(out).contains("OWN=mine\n").contains("QUEUEMGR_TEST_PASSED_THROUGH=passed-through\n")
                .doesNotContain("held-by-the-service");
    }

    @Test
    void aWorkingDirectoryOutsideThePathRootsIsRefusedWithTheReason() {
        TaskApi.submit(aTask().ofType("command").withParam("command", "ls").withParam("workingDir", "/tmp/../etc"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("params.workingDir"))
                .body("errors.message", hasItem(containsString("/etc is outside the allowed roots")));
    }

    @Test
    void aScriptOutsideThePathRootsIsRefused() {
        TaskApi.submit(aTask().ofType("script").withParam("scriptPath", "/usr/bin/env")).then().statusCode(400)
                .body("errors.field", hasItem("params.scriptPath"));
    }

    @Test
    void aWebhookToCloudMetadataIsRefusedAtSubmission() {
        for (String target : new String[]{"http://169.254.169.254/latest/meta-data/",
                "http://[fd00:ec2::254]/latest/", "http://metadata.google.internal/computeMetadata/v1/"}) {
            TaskApi.submit(aTask().ofType("webhook").withParam("url", target)).then().statusCode(400)
                    .body("errors.field", hasItem("params.url"))
                    .body("errors.message", hasItem(containsString("not an allowed destination")));
        }
    }

    @Test
    void aRedirectToCloudMetadataFailsTheTaskWhenItRuns() {
        String id = submitted(aTask().ofType("webhook").withParam("url", url("/to-metadata"))
                .withParam("method", "GET").with("maxRetries", 3));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("DESTINATION_NOT_ALLOWED");
        assertThat(done.getBoolean("error.retryable")).isFalse();
        assertThat(done.getString("error.message")).contains("169.254.169.254");
    }

    @Test
    void aRedirectToAnAllowedPlaceIsFollowed() {
        String id = submitted(aTask().ofType("webhook").withParam("url", url("/moved")).withParam("method", "GET"));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result.body")).isEqualTo("arrived");
    }
}
