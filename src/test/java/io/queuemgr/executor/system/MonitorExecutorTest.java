package io.queuemgr.executor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.testing.FakeContext;

/** system.monitor on this (Linux) host: real /proc, real file systems, a real busy process. */
class MonitorExecutorTest {

    private final MonitorExecutor executor = new MonitorExecutor();

    @TempDir
    Path dir;

    private static MonitorParams params(Integer top, String sortBy, List<String> paths, Double maxCpu, Double maxLoad,
            Long minFreeMb, Double maxMemory, Double maxDisk) {
        return new MonitorParams(100, top, sortBy, paths, maxCpu, maxLoad, minFreeMb, maxMemory, maxDisk);
    }

    @Test
    void measuresCpuMemoryLoadDisksAndTheBusiestProcesses() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            TaskOutcome outcome = FakeContext.forType("system.monitor").run(executor,
                    new MonitorParams(400, 3, null, null, null, null, null, null, null));
            JsonNode result = ((TaskOutcome.Succeeded) outcome).result();
            assertThat(result.at("/cpu/percent").asDouble()).isBetween(0.0, 100.0);
            assertThat(result.at("/cpu/cores").asInt()).isPositive();
            assertThat(result.at("/memory/totalMb").asLong()).isPositive();
            assertThat(result.at("/memory/availableMb").asLong()).isBetween(1L, result.at("/memory/totalMb").asLong());
            assertThat(result.at("/load/one").isNumber()).isTrue();
            assertThat(result.get("disks")).isNotEmpty();
            assertThat(result.get("disks").findValuesAsText("path")).contains("/");
            assertThat(result.get("topProcesses")).hasSize(3);
            assertThat(result.get("topProcesses").findValuesAsText("pid")).contains(Long.toString(busy.pid()));
            assertThat(result.at("/topProcesses/0/cpuPercent").asDouble()).isGreaterThan(50.0);
        } finally {
            busy.destroyForcibly().waitFor();
        }
    }

    @Test
    void sortsProcessesByMemoryWhenAsked() {
        JsonNode result = ((TaskOutcome.Succeeded) FakeContext.forType("system.monitor").run(executor,
                params(4, "memory", null, null, null, null, null, null))).result();
        List<Long> memory = result.get("topProcesses").findValues("memoryMb").stream().map(JsonNode::asLong)
                .toList();
        assertThat(memory).hasSize(4).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(memory.getFirst()).isPositive();
    }

    @Test
    void givenPathsAreTheOnlyDisksShown() {
        JsonNode result = ((TaskOutcome.Succeeded) FakeContext.forType("system.monitor").run(executor,
                params(0, null, List.of(dir.toString()), null, null, null, null, null))).result();
        assertThat(result.get("disks")).hasSize(1);
        assertThat(result.at("/disks/0/path").asText()).isEqualTo(dir.toString());
        assertThat(result.at("/disks/0/totalMb").asLong()).isPositive();
        assertThat(result.get("topProcesses")).isEmpty();
    }

    @Test
    void aDiskFullerThanTheLimitFailsWithDiskSpaceAndKeepsTheMeasurement() {
        TaskOutcome outcome = FakeContext.forType("system.monitor").run(executor,
                params(1, null, List.of(dir.toString()), null, null, null, null, 0.0));
        TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
        assertThat(failed.error().code()).isEqualTo("SYSTEM_DISK_SPACE");
        assertThat(failed.error().context()).containsEntry("threshold", "0.0")
                .containsEntry("metric", "disk.usedPercent:" + dir)
                .containsEntry("measured", failed.partialResult().at("/disks/0/usedPercent").asText());
        assertThat(failed.error().suggestions()).isNotEmpty();
        assertThat(failed.partialResult().at("/memory/totalMb").asLong()).isPositive();
    }

    @Test
    void memoryAndLoadLimitsFailWithTheirCodes() {
        TaskOutcome.Failed memory = (TaskOutcome.Failed) FakeContext.forType("system.monitor").run(executor,
                params(0, null, List.of("/"), null, null, Long.MAX_VALUE / 2, null, null));
        assertThat(memory.error().code()).isEqualTo("SYSTEM_MEMORY_LIMIT");
        assertThat(memory.error().context()).containsEntry("metric", "memory.availableMb");
        TaskOutcome.Failed load = (TaskOutcome.Failed) FakeContext.forType("system.monitor").run(executor,
                params(0, null, List.of("/"), null, -1.0, null, null, null));
        assertThat(load.error().code()).isEqualTo("SYSTEM_RESOURCE_LIMIT");
    }

    @Test
    void cpuAboveTheLimitFailsWithCpuLimit() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            TaskOutcome.Failed failed = (TaskOutcome.Failed) FakeContext.forType("system.monitor").run(executor,
                    params(0, null, List.of("/"), 0.0, null, null, null, null));
            assertThat(failed.error().code()).isEqualTo("SYSTEM_CPU_LIMIT");
            assertThat(Double.parseDouble(failed.error().context().get("measured"))).isPositive();
        } finally {
            busy.destroyForcibly().waitFor();
        }
    }

    @Test
    void aMissingPathFailsWithPathNotFound() {
        FakeContext context = FakeContext.forType("system.monitor");
        var outcome = context.start(executor, params(0, null, List.of(dir.resolve("nope").toString()), null, null,
                null, null, null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FakeContext.await(outcome, Duration.ofSeconds(10)))
                .hasFieldOrPropertyWithValue("error.code", "SYSTEM_PATH_NOT_FOUND");
    }

    @Test
    void aCancelDuringTheSampleStopsTheTask() {
        FakeContext context = FakeContext.forType("system.monitor");
        var outcome = context.start(executor, new MonitorParams(60_000, 0, null, null, null, null, null, null, null));
        org.awaitility.Awaitility.await().until(() -> !context.steps().isEmpty());
        context.cancel();
        assertThat(FakeContext.await(outcome, Duration.ofSeconds(5))).isInstanceOf(TaskOutcome.Stopped.class);
    }

    @Test
    void parsesTheKernelsFilesAsWritten() {
        HostProbe.CpuTimes cpu = HostProbe.CpuTimes.parse(
                "cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\ncpu1 50 0 25 400 25 0 0 0 0 0\n");
        assertThat(cpu).isEqualTo(new HostProbe.CpuTimes(1000, 850, 2));
        assertThat(new HostProbe.CpuTimes(1100, 900, 2).busyPercentSince(cpu)).isEqualTo(50.0);
        assertThat(TopProcesses.name("42 (tmux: server) S 1 2 3")).isEqualTo("tmux: server");
        assertThat(TopProcesses.cpuTicks("42 (a) b) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 5 0 0"))
                .isEqualTo(10);
        assertThat(DiskUsage.mountPoints("/dev/sda1 / ext4 rw 0 0\nshm /mnt/my\\040disk tmpfs rw 0 0\n"))
                .containsExactly("/", "/mnt/my disk");
        assertThat(HostProbe.Load.parse("0.52 0.58 0.59 1/467 12345\n")).isEqualTo(new HostProbe.Load(0.52, 0.58,
                0.59));
    }
}
