package io.queuemgr.executor.ssh;

import static io.queuemgr.executor.ssh.SshTestbed.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.testing.FakeContext;
import io.queuemgr.testing.Processes;

class SshExecTest {

    @TempDir
    static Path dir;
    static SshServer server;
    static SshTestbed bed;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws Exception {
        server = SshServer.start(dir);
        bed = SshTestbed.on(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        bed.close();
        server.close();
    }

    private SshExecExecutor executor() {
        return new SshExecExecutor(bed.pool, bed.keyRoots);
    }

    @Test
    void outputIsLoggedLineByLineAndTheExitStatusAndTailsAreTheResult() {
        FakeContext context = bed.context("ssh.exec");
        Map<String, JsonNode> env = Map.of("GREETING", TextNode.valueOf("it's me"), "TOKEN", ref("password"));
        TaskOutcome outcome = context.run(executor(),
                bed.exec("echo \"$GREETING\"; echo warned >&2; echo \"$TOKEN\"", env, null, null));
        JsonNode result = ((TaskOutcome.Succeeded) outcome).result();
        assertThat(result.get("exitStatus").asInt()).isZero();
        assertThat(result.get("stdout").asText()).isEqualTo("it's me\n***\n");
        assertThat(result.get("stderr").asText()).isEqualTo("warned\n");
        assertThat(context.logs()).contains("it's me", "[stderr] warned", "***");
    }

    @Test
    void aNonZeroExitFailsWithTheStatusAndTheLastErrorLine() {
        TaskOutcome outcome = bed.context("ssh.exec").run(executor(), bed.exec("echo broken >&2; exit 3"));
        TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
        assertThat(failed.error().code()).isEqualTo("SSH_COMMAND_FAILED");
        assertThat(failed.error().context()).containsEntry("exitStatus", "3");
        assertThat(failed.error().message()).contains("broken");
        assertThat(failed.partialResult().get("stderr").asText()).isEqualTo("broken\n");
    }

    @Test
    void aCommandTheShellCannotFindFailsAsNotFound() {
        TaskOutcome outcome = bed.context("ssh.exec").run(executor(), bed.exec("no-such-program-here"));
        assertThat(((TaskOutcome.Failed) outcome).error().code()).isEqualTo("SSH_COMMAND_NOT_FOUND");
    }

    @ParameterizedTest(name = "pty {0}")
    @ValueSource(booleans = {false, true})
    void aTimeoutKillsTheRemoteProcessTree(boolean pty) throws Exception {
        Path pids = work.resolve("pids");
        TaskOutcome outcome = bed.context("ssh.exec").run(executor(),
                bed.exec(sleeper(pids), Map.of(), pty, 1));
        TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
        assertThat(failed.error().code()).isEqualTo("SSH_COMMAND_TIMEOUT");
        assertGone(pids);
    }

    @ParameterizedTest(name = "pty {0}")
    @ValueSource(booleans = {false, true})
    void aCancelStopsTheTaskAndKillsTheRemoteProcessTree(boolean pty) throws Exception {
        Path pids = work.resolve("pids");
        FakeContext context = bed.context("ssh.exec");
        CompletableFuture<TaskOutcome> outcome = context.start(executor(), bed.exec(sleeper(pids), Map.of(), pty,
                null));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pids)
                && Files.readAllLines(pids).size() == 2);
        context.cancel();
        assertThat(FakeContext.await(outcome, Duration.ofSeconds(10))).isInstanceOf(TaskOutcome.Stopped.class);
        assertGone(pids);
    }

    @Test
    void twentyTasksToOneHostShareAFewConnections() throws Exception {
        long loginsBefore = server.acceptedLogins();
        long openedBefore = bed.pool.opened();
        List<CompletableFuture<TaskOutcome>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(bed.context("ssh.exec").start(executor(), bed.exec("echo " + i)));
        }
        for (CompletableFuture<TaskOutcome> run : runs) {
            assertThat(FakeContext.await(run, Duration.ofSeconds(30))).isInstanceOf(TaskOutcome.Succeeded.class);
        }
        assertThat(bed.pool.opened() - openedBefore).isLessThanOrEqualTo(bed.config.maxConnectionsPerTarget());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.acceptedLogins() - loginsBefore)
                .isBetween(1L, (long) bed.config.maxConnectionsPerTarget()));
        for (int i = 0; i < 20; i++) {
            bed.context("ssh.exec").run(executor(), bed.exec("true"));
        }
        assertThat(bed.pool.opened() - openedBefore).isLessThanOrEqualTo(bed.config.maxConnectionsPerTarget());
    }

    @Test
    void twentyCommandsToOneHostRunAtOnceOnThreeConnections() throws Exception {
        long openedBefore = bed.pool.opened();
        Path started = Files.createTempDirectory(server.dir, "started");
        // Each command marks that it runs, then waits until all twenty do: they all end only if all ran at once.
        String command = allStarted(started, 20);
        List<CompletableFuture<TaskOutcome>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(bed.context("ssh.exec").start(executor(), bed.exec(command)));
        }
        for (CompletableFuture<TaskOutcome> run : runs) {
            assertThat(FakeContext.await(run, Duration.ofSeconds(60))).isInstanceOf(TaskOutcome.Succeeded.class);
        }
        assertThat(bed.pool.opened() - openedBefore).as("connections opened for 20 commands, 8 to a connection")
                .isLessThanOrEqualTo(3);
    }

    @Test
    void aServerThatOpensTwoChannelsAConnectionGetsMoreConnectionsInstead() throws Exception {
        Path own = Files.createTempDirectory(dir, "two-channels");
        try (SshServer strict = SshServer.start(own, 2); SshTestbed strictBed = SshTestbed.on(strict)) {
            SshExecExecutor executor = new SshExecExecutor(strictBed.pool, strictBed.keyRoots);
            Path started = Files.createTempDirectory(own, "started");
            List<CompletableFuture<TaskOutcome>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(strictBed.context("ssh.exec").start(executor, strictBed.exec(allStarted(started, 8))));
            }
            for (CompletableFuture<TaskOutcome> run : runs) {
                assertThat(FakeContext.await(run, Duration.ofSeconds(60))).isInstanceOf(TaskOutcome.Succeeded.class);
            }
            assertThat(strictBed.pool.opened()).as("connections for 8 commands, 2 to a connection").isEqualTo(4);
        }
    }

    /** A command that marks that it runs, then waits until {@code n} do (and fails after 30 s). */
    private static String allStarted(Path started, int n) {
        return "touch " + started + "/$$; n=0; while [ $(ls " + started + " | wc -l) -lt " + n + " ]; do "
                + "n=$((n+1)); [ $n -gt 600 ] && exit 9; sleep 0.05; done";
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (SshTestbed shortLived = new SshTestbed(server, bed.config.idleFor(Duration.ofMillis(500)))) {
            SshExecExecutor executor = new SshExecExecutor(shortLived.pool, shortLived.keyRoots);
            shortLived.context("ssh.exec").run(executor, bed.exec("true"));
            assertThat(shortLived.pool.idle()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> shortLived.pool.idle() == 0);
        }
    }

    /** A shell that writes its pid and its child's, then waits for the child. */
    private static String sleeper(Path pids) {
        return "echo $$ > " + pids + ".tmp; sleep 300 & echo $! >> " + pids + ".tmp; mv " + pids + ".tmp " + pids
                + "; wait";
    }

    private static void assertGone(Path pids) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pids) && Files.readAllLines(pids).size() == 2);
        List<Long> all = Files.readAllLines(pids).stream().map(String::strip).map(Long::parseLong).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> all.stream().noneMatch(Processes::running));
    }
}
