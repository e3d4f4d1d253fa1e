package io.queuemgr.cli;

import static io.queuemgr.cli.CliJobCommandsTest.idOf;
import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStackResource;

/** The CLI's queue, dead-letter, bulk and service verbs against the real service. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class CliQueueCommandsTest {

    @TestHTTPResource("/")
    URL base;

    private Cli cli;
    private String queue;

    @BeforeEach
    void connect() throws Exception {
        cli = Cli.against(base.toString(), AdminToken.TOKEN);
        queue = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void queueCreateListPauseResumeAndStats() {
        assertThat(cli.ok("queue", "create", queue, "--max-concurrent", "3", "--description", "made by the CLI"))
                .contains("queue " + queue + " created");
        assertThat(cli.ok("queue", "list")).contains(queue, "made by the CLI");

        assertThat(cli.ok("queue", "pause", queue)).contains("paused");
        assertThat(cli.run("queue", "list", "-o", "json").json().findValues("name").stream()
                .anyMatch(n -> n.asText().equals(queue))).isTrue();
        assertThat(cli.ok("queue", "list")).containsPattern(queue + "\\s+paused");
        assertThat(cli.ok("queue", "resume", queue)).contains("resumed");
        assertThat(cli.ok("queue", "list")).containsPattern(queue + "\\s+active");

        String id = idOf(cli.ok("job", "add", "--type", "noop", "--queue", queue));
        awaitFinal(id);
        assertThat(cli.ok("queue", "stats", queue)).containsPattern("status COMPLETED\\s+1")
                .containsPattern("finished/s last minute\\s+\\d+\\.\\d{2}\\n");
        assertThat(cli.run("queue", "stats", queue, "-o", "json").json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void deadLettersAreListedRequeuedAndDiscarded() {
        cli.ok("queue", "create", queue, "--max-retries", "0");
        String id = idOf(cli.ok("job", "add", "--type", "command", "--queue", queue, "-p", "command=false"));
        assertThat(awaitFinal(id).getString("status")).isEqualTo("FAILED");

        assertThat(cli.ok("dead", "list", "--queue", queue)).contains(id, "FAILED");
        assertThat(cli.ok("dead", "requeue", id)).contains(id + " PENDING");
        awaitStatus(id, "FAILED", Duration.ofSeconds(30));
        assertThat(cli.ok("dead", "discard", "--queue", queue, "--all")).contains("1 discarded");

        assertThat(cli.ok("dead", "list", "--queue", queue)).doesNotContain(id);
        assertThat(cli.run("dead", "requeue").exitCode()).isEqualTo(2);
    }

    @Test
    void bulkAcceptsEachGoodLineAndNamesTheRefusedOnes() throws Exception {
        Path file = Files.createTempFile("bulk", ".jsonl");
        Files.writeString(file, """
                {"type":"noop","params":{"echo":1}}
                {"type":"teleport","params":{}}

                {"type":"noop","params":{"echo":2}}
                """);

        Cli.Run bulk = cli.run("job", "add", "--bulk", file.toString());

        assertThat(bulk.exitCode()).as(bulk.toString()).isEqualTo(1);
        assertThat(bulk.out()).contains("2 accepted, 1 refused").containsPattern("2\\s+400\\s+.*type");
        assertThat(bulk.err()).contains("1 of 3 submissions were refused");
    }

    @Test
    void serviceStatusShowsHealthQueueDepthsAndThroughput() {
        cli.ok("queue", "create", queue);
        cli.ok("job", "add", "--type", "noop", "--queue", queue, "--delay", "600");

        String status = cli.ok("service", "status");

        assertThat(status).contains("service  " + base.toString().replaceAll("/$", "") + "  UP", "rate", "QUEUE")
                .containsPattern(queue + "\\s+active\\s+1\\s+0")
                .containsPattern("instance \\S+ +\\S+ +\\d+ partition\\(s\\) +http://\\S+ +\\(answered\\)");
        var json = cli.run("service", "status", "-o", "json").json();
        assertThat(json.path("health").path("status").asText()).isEqualTo("UP");
        assertThat(json.path("queues").isArray()).isTrue();
        assertThat(json.path("instances").findValues("self"))
                .anyMatch(com.fasterxml.jackson.databind.JsonNode::asBoolean);
    }
}
