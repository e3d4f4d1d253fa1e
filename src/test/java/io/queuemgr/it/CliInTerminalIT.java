package io.queuemgr.it;

import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.queuemgr.testing.Tmux;
import io.restassured.RestAssured;

/** The shipped launcher (packaging/cli/queuemgr with target/queuemgr-cli.jar) in a real terminal, against the jar. */
@QuarkusIntegrationTest
@ExtendWith(AdminToken.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = LocalStackResource.DATA_DIR, value = "target/it-data/cli-in-terminal"))
class CliInTerminalIT {

    private Tmux terminal;

    @BeforeEach
    void openATerminalWithTheServiceConfigured() {
        terminal = Tmux.start(160, 45);
        terminal.type("export QUEUEMGR_URL=http://localhost:" + RestAssured.port + " QUEUEMGR_TOKEN=" + AdminToken.TOKEN
                + "; clear");
    }

    @AfterEach
    void closeTheTerminal() {
        terminal.close();
    }

    @Test
    void monitorShowsSubmittedTasksRunningAndQGivesThePromptBack() {
        String queue = "mon-" + UUID.randomUUID().toString().substring(0, 8);
        TaskApi.ensureQueue(queue);
        terminal.type("packaging/cli/queuemgr monitor");
        // The monitor's own header, not the command line typed to start it.
        terminal.awaitScreen(Duration.ofSeconds(30), s -> s.contains("(q quits)") && s.contains(queue));

        List<String> ids = IntStream.range(0, 3)
                .mapToObj(i -> submitted(aTask().inQueue(queue).withParam("durationMs", 20_000))).toList();

        String screen = terminal.awaitScreen(Duration.ofSeconds(30), s -> ids.stream().allMatch(s::contains));
        assertThat(screen).contains("RUNNING (", "[", "RECENT FAILURES");
        terminal.press("q");
        String after = terminal.awaitScreen(Duration.ofSeconds(10),
                s -> !s.contains("(q quits)") && s.strip().endsWith(Tmux.PROMPT.strip()));
        // The terminal is the shell's again: what was typed before the monitor is back on the screen.
        assertThat(after).contains("packaging/cli/queuemgr monitor");
        ids.forEach(id -> RestAssured.given().post("/api/tasks/" + id + "/cancel"));
    }

    @Test
    void logsFollowOfARunningCommandEndsByItselfWhenTheCommandCompletes() {
        String id = submitted(aShellTask("echo begun; sleep 3; echo finished-now"));
        awaitStatus(id, "RUNNING", Duration.ofSeconds(20));

        terminal.type("packaging/cli/queuemgr job logs " + id + " --follow; echo \"exit=$?\"");

        // A line of its own: the typed command holds "exit=$?" too.
        String screen = terminal.awaitScreen(Duration.ofSeconds(40), s -> s.matches("(?s).*\\nexit=\\d+.*"));
        assertThat(screen).contains("begun", "finished-now", id + " COMPLETED", "exit=0");
    }
}
