package io.queuemgr.cli;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStackResource;

/** The CLI's job verbs against the real service, broker and database. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class CliJobCommandsTest {

    @TestHTTPResource("/")
    URL base;

    private Cli cli;

    @BeforeEach
    void connect() throws Exception {
        cli = Cli.against(base.toString(), AdminToken.TOKEN);
    }

    @Test
    void jobAddSubmitsATaskWhoseStatusShowsItsResult() {
        String id = idOf(cli.ok("job", "add", "--type", "noop", "-p", "echo=hello-cli", "--tag", "cli-add"));

        assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED");
        assertThat(cli.ok("job", "status", id)).contains("status:", "COMPLETED", "result:", "hello-cli");
        Cli.Run json = cli.run("job", "status", id, "-o", "json");
        assertThat(json.json().path("id").asText()).isEqualTo(id);
        assertThat(json.json().path("tags").get(0).asText()).isEqualTo("cli-add");
    }

    @Test
    void jobListShowsTasksOfATagAsTableAndAsTheServicesJson() {
        String tag = "cli-list-" + UUID.randomUUID().toString().substring(0, 8);
        String id = idOf(cli.ok("job", "add", "--type", "noop", "--tag", tag));
        awaitFinal(id);

        assertThat(cli.ok("job", "list", "--tag", tag)).contains("ID", "STATUS", id, "COMPLETED");
        assertThat(cli.run("job", "list", "--tag", tag, "--output", "json").json().path("items").get(0)
                .path("id").asText()).isEqualTo(id);
    }

    @Test
    void aHeldTaskWaitsPausedUntilJobStart() {
        String added = cli.ok("job", "add", "--type", "noop", "--hold");
        assertThat(added).contains("PAUSED");
        String id = idOf(added);

        assertThat(cli.ok("job", "start", id)).contains(id);

        assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void pauseStopRetryResumeAndDeleteChangeTasks() {
        String id = idOf(cli.ok("job", "add", "--type", "noop", "--delay", "600"));

        assertThat(cli.ok("job", "pause", id)).contains(id + " PAUSED");
        assertThat(cli.ok("job", "stop", id)).contains(id);
        awaitStatus(id, "CANCELLED", Duration.ofSeconds(20));
        assertThat(cli.ok("job", "retry", id)).contains(id + " PENDING");
        assertThat(awaitFinal(id).getString("status")).isEqualTo("COMPLETED");
        assertThat(cli.ok("job", "delete", id)).contains(id + " deleted");
        assertThat(cli.ok("job", "list", "--status", "COMPLETED", "--limit", "500")).doesNotContain(id);

        String held = idOf(cli.ok("job", "add", "--type", "noop", "--hold"));
        assertThat(cli.ok("job", "resume", held)).contains(held);
        assertThat(awaitFinal(held).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void logsFollowPrintsTheLinesOfARunningCommandAndEndsWhenItCompletes() {
        String id = idOf(cli.ok("job", "add", "--type", "command", "-p", "shell=true", "-p",
                "command=echo first-line; sleep 2; echo second-line"));

        Cli.Run follow = cli.run("job", "logs", id, "--follow");

        assertThat(follow.exitCode()).as(follow.toString()).isZero();
        assertThat(follow.out()).contains("first-line", "second-line");
        assertThat(follow.err()).contains(id + " COMPLETED");
        assertThat(cli.ok("job", "logs", id)).contains("second-line");
    }

    @Test
    void badInputIsOneLineWithTheFieldErrorsAndExitCode1() {
        Cli.Run bad = cli.run("job", "add", "--type", "command", "--priority", "12");

        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err().strip().lines()).hasSize(1);
        assertThat(bad.err()).contains("(400)", "params.command", "priority");
    }

    @Test
    void anUnknownTaskIsNotFoundWithExitCode1() {
        Cli.Run unknown = cli.run("job", "status", "00000000-0000-7000-8000-000000000000");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("queuemgr: ").contains("(404)");
    }

    @Test
    void aMissingArgumentIsAUsageErrorWithExitCode2() {
        assertThat(cli.run("job", "status").exitCode()).isEqualTo(2);
        assertThat(cli.run("job", "frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void aWrongTokenIsRefusedWithExitCode1AndTheTokenIsNeverPrinted() throws Exception {
        String wrong = "qm_wrong-token-" + UUID.randomUUID();
        Cli.Run refused = Cli.against(base.toString(), wrong).run("job", "list");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("401").contains("QUEUEMGR_TOKEN");
        assertThat(refused.out() + refused.err()).doesNotContain(wrong);
    }

    @Test
    void aServiceThatIsNotThereIsNamedWithHowToSetTheUrl() throws Exception {
        Cli.Run refused = Cli.against("http://127.0.0.1:1", AdminToken.TOKEN).run("job", "list");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("http://127.0.0.1:1", "connection refused", "QUEUEMGR_URL")
                .doesNotContain(AdminToken.TOKEN);
    }

    /** The id a `job add` printed first on its line. */
    static String idOf(String added) {
        return added.strip().split("\\s+")[0];
    }
}
