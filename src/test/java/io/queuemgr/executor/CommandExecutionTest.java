package io.queuemgr.executor;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.Processes;
import io.queuemgr.testing.TaskApi;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class CommandExecutionTest {

    @TempDir
    Path dir;

    @Test
    void commandWithArgumentsCapturesExitCodeAndOutput() {
        String id = submitted(aTask().ofType("command").withParam("command", "echo").withParam("args",
                List.of("hi", "there")));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getInt("result.exitCode")).isZero();
        assertThat(done.getString("result.stdout")).isEqualTo("hi there\n");
        assertThat(done.getString("result.stderr")).isEmpty();
    }

    @Test
    void aRunningTaskIsPolledAsRunningUntilItEnds() throws IOException {
        Path release = dir.resolve("release");
        String id = submitted(aShellTask("while [ ! -f " + release + " ]; do sleep 0.05; done; echo released"));
        JsonPath running = awaitStatus(id, "RUNNING", Duration.ofSeconds(20));
        assertThat(running.getString("workerId")).isNotBlank();
        assertThat(running.getString("startedAt")).isNotNull();
        assertThat(running.getString("finishedAt")).isNull();
        Files.createFile(release);
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("startedAt")).isEqualTo(running.getString("startedAt"));
        assertThat(done.getString("result.stdout")).isEqualTo("released\n");
    }

    @Test
    void environmentAndWorkingDirectoryReachTheProcess() throws IOException {
        String id = submitted(aShellTask("echo \"$GREETING\" > out.txt; pwd")
                .withParam("env", Map.of("GREETING", "bonjour"))
                .withParam("workingDir", dir.toString()));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result.stdout").strip()).isEqualTo(dir.toRealPath().toString());
        assertThat(Files.readString(dir.resolve("out.txt")).strip()).isEqualTo("bonjour");
    }

    @Test
    void nonZeroExitFailsWithTheExitCodeAndStderr() {
        String id = submitted(aShellTask("echo broken >&2; exit 4").with("maxRetries", 0));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("COMMAND_FAILED");
        assertThat(done.getString("error.context.exitCode")).isEqualTo("4");
        assertThat(done.getString("error.message")).contains("broken");
        assertThat(done.getList("error.suggestions")).isNotEmpty();
        assertThat(done.getString("result.stderr")).isEqualTo("broken\n");
    }

    @Test
    void missingProgramIsClassifiedAsCommandNotFound() {
        String id = submitted(aTask().ofType("command").withParam("command", "no-such-program-here"));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("COMMAND_NOT_FOUND");
        assertThat(done.getBoolean("error.retryable")).isFalse();
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws IOException {
        Path parentPid = dir.resolve("parent.pid");
        Path childPid = dir.resolve("child.pid");
        String id = submitted(aShellTask("echo $$ > " + parentPid + "; sleep 300 & echo $! > " + childPid
                + "; wait").withTimeoutSeconds(1).with("maxRetries", 0));
        JsonPath done = awaitFinal(id, Duration.ofSeconds(20));
        assertThat(done.getString("status")).isEqualTo("TIMEOUT");
        assertThat(done.getString("error.code")).isEqualTo("TASK_TIMEOUT");
        long parent = Long.parseLong(Files.readString(parentPid).strip());
        long child = Long.parseLong(Files.readString(childPid).strip());
        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(parent) && !alive(child));
    }

    @Test
    void scriptRunsWithItsArguments() throws IOException {
        Path script = dir.resolve("greet.sh");
        Files.writeString(script, "#!/bin/sh\necho \"hello $1 from $(basename \"$0\")\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String id = submitted(aTask().ofType("script").withParam("scriptPath", script.toString())
                .withParam("scriptArgs", List.of("world")));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("result.stdout")).isEqualTo("hello world from greet.sh\n");
    }

    @Test
    void nonExecutableScriptRunsThroughTheShell() throws IOException {
        Path script = dir.resolve("plain.sh");
        Files.writeString(script, "echo plain\n");
        String id = submitted(aTask().ofType("CUSTOM_SCRIPT").withParam("scriptPath", script.toString()));
        assertThat(awaitFinal(id).getString("result.stdout")).isEqualTo("plain\n");
    }

    @Test
    void missingScriptFailsWithScriptNotFound() {
        String id = submitted(aTask().ofType("script").withParam("scriptPath", dir.resolve("nope.sh").toString()));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("SCRIPT_NOT_FOUND");
    }

    private static boolean alive(long pid) {
        return Processes.running(pid);
    }

    @Test
    void anEnvironmentAProcessCannotHaveIsRefusedAtSubmission() {
        for (Map<String, String> env : List.of(Map.of("A=B", "x"), Map.of("", "x"), Map.of("OK", "nul\u0000"))) {
            TaskApi.submit(aTask().ofType("command").withParam("command", "true").withParam("env", env)).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.hasItem("params.env"));
        }
    }
}
