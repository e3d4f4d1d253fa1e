package io.queuemgr.executor.system;

import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.smallrye.mutiny.Uni;

/**
 * Measures the host (Linux only: it reads /proc): CPU over a short sample, memory, load, disks and the busiest
 * processes; fails with the code of the first limit passed, keeping the whole measurement as the partial result.
 */
@ApplicationScoped
public class MonitorExecutor implements TaskExecutor<MonitorParams> {

    private static final TaskType TYPE = TaskType.of("system.monitor", MonitorParams.class,
            "Measures CPU, memory, load, disks and the busiest processes of the host, failing past given limits.")
            .aliases("SYSTEM_MONITOR").category("system").tags("system", "monitoring").can(
                    TaskType.Capability.CANCELLABLE);

    private final HostProbe probe;
    private final TopProcesses processes;
    private final DiskUsage disks;

    public MonitorExecutor() {
        this(Path.of("/proc"));
    }

    MonitorExecutor(Path proc) {
        this.probe = new HostProbe(proc);
        this.processes = new TopProcesses(proc);
        this.disks = new DiskUsage(probe);
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(MonitorParams p, ExecutionContext context) {
        return context.blocking(() -> {
            HostMeasurement measured;
            try {
                measured = measure(p, context);
            } catch (InterruptedException e) {
                return new TaskOutcome.Stopped(null);
            }
            List<Thresholds.Breach> breaches = Thresholds.passed(p, measured);
            breaches.forEach(b -> context.log("limit passed: " + b.toError().message()));
            if (breaches.isEmpty()) {
                return new TaskOutcome.Succeeded(measured.toJson());
            }
            return new TaskOutcome.Failed(breaches.getFirst().toError(), measured.toJson());
        });
    }

    private HostMeasurement measure(MonitorParams p, ExecutionContext context) throws InterruptedException {
        context.progress(0, "sampling CPU for " + p.sampleMillisOrDefault() + " ms");
        HostProbe.CpuTimes cpuBefore = probe.cpu();
        TopProcesses.Ticks ticksBefore = processes.ticks();
        // The sample interval itself: CPU use is a difference of two readings. A cancel interrupts it.
        Thread.sleep(p.sampleMillisOrDefault());
        HostProbe.CpuTimes cpuAfter = probe.cpu();
        TopProcesses.Ticks ticksAfter = processes.ticks();
        context.progress(50, "reading memory, load and disks");
        long oneCoreTicks = (cpuAfter.total() - cpuBefore.total()) / cpuAfter.cores();
        return new HostMeasurement(cpuAfter.busyPercentSince(cpuBefore), cpuAfter.cores(), p.sampleMillisOrDefault(),
                probe.load(), probe.memory(),
                p.paths() == null || p.paths().isEmpty() ? disks.everyMount() : disks.of(p.paths()),
                processes.top(ticksBefore, ticksAfter, oneCoreTicks, p.topOrDefault(), p.byMemory()));
    }
}
