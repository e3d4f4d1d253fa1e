package io.queuemgr.executor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.executor.process.ProcessRunner;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.testing.FakeContext;

/** system.update: off unless the operator configured a command, and then that command runs as a task's process. */
class UpdateExecutorTest {

    private static UpdateExecutor configuredWith(List<String> command) {
        SystemConfig config = () -> Optional.ofNullable(command);
        return new UpdateExecutor(() -> config, new ProcessRunner(Optional::empty, new PathGuard(List.of("/tmp"))));
    }

    @Test
    void withoutAConfiguredCommandItFailsAsDisabledAndIsNotRetried() {
        TaskOutcome.Failed failed = (TaskOutcome.Failed) FakeContext.forType("system.update")
                .run(configuredWith(null), new UpdateParams());
        assertThat(failed.error().code()).isEqualTo("SYSTEM_UPDATE_DISABLED");
        assertThat(failed.error().retryable()).isFalse();
        assertThat(failed.error().message()).contains("queuemgr.system.update-command");
    }

    @Test
    void theConfiguredCommandRunsWithItsOutputInTheLog() {
        FakeContext context = FakeContext.forType("system.update");
        TaskOutcome outcome = context.run(configuredWith(List.of("sh", "-c", "echo 0 upgraded, 0 newly installed")),
                new UpdateParams());
        assertThat(outcome).isInstanceOf(TaskOutcome.Succeeded.class);
        assertThat(((TaskOutcome.Succeeded) outcome).result().get("stdout").asText())
                .isEqualTo("0 upgraded, 0 newly installed\n");
        assertThat(context.logs()).contains("0 upgraded, 0 newly installed");
    }

    @Test
    void aFailingPackageManagerFailsWithItsExitCode() {
        TaskOutcome.Failed failed = (TaskOutcome.Failed) FakeContext.forType("system.update")
                .run(configuredWith(List.of("sh", "-c", "echo locked >&2; exit 100")), new UpdateParams());
        assertThat(failed.error().code()).isEqualTo("COMMAND_FAILED");
        assertThat(failed.error().context()).containsEntry("exitCode", "100");
    }

    @Test
    void aCancelStopsTheRunningUpdate() {
        FakeContext context = FakeContext.forType("system.update");
        var outcome = context.start(configuredWith(List.of("sh", "-c", "echo started; exec sleep 300")),
                new UpdateParams());
        // Once the process speaks, it runs: the cancel must stop the process itself.
        org.awaitility.Awaitility.await().until(() -> context.logs().contains("started"));
        context.cancel();
        assertThat(FakeContext.await(outcome, Duration.ofSeconds(10))).isInstanceOf(TaskOutcome.Stopped.class);
    }

    @Test
    void runningItNeedsAGrantBecauseItRunsCode() {
        assertThat(configuredWith(null).type().has(TaskType.Capability.RUNS_CODE)).isTrue();
        assertThat(configuredWith(null).type().answersTo("SYSTEM_UPDATE")).isTrue();
    }
}
