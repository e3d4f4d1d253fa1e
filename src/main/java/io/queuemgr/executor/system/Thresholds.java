package io.queuemgr.executor.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.queuemgr.task.ErrorKind;
import io.queuemgr.task.TaskError;

/** The limits a system.monitor task sets, checked against what it measured. */
final class Thresholds {

    /** One limit that was passed: which, by how much, and the code it fails with. */
    record Breach(ErrorKind code, String metric, double measured, double threshold, String what) {

        TaskError toError() {
            Map<String, String> context = new LinkedHashMap<>();
            context.put("metric", metric);
            context.put("measured", Double.toString(measured));
            context.put("threshold", Double.toString(threshold));
            return code.toError(what + " (measured " + measured + ", threshold " + threshold + ")", context);
        }
    }

    private Thresholds() {
    }

    /** Every limit passed, in the order CPU, load, memory, disks. */
    static List<Breach> passed(MonitorParams p, HostMeasurement m) {
        List<Breach> breaches = new ArrayList<>();
        double cpu = HostMeasurement.round(m.cpuPercent());
        if (p.maxCpuPercent() != null && cpu > p.maxCpuPercent()) {
            breaches.add(new Breach(SystemErrors.SYSTEM_CPU_LIMIT, "cpu.percent", cpu, p.maxCpuPercent(),
                    "CPU use is above the limit"));
        }
        if (p.maxLoad() != null && m.load().one() > p.maxLoad()) {
            breaches.add(new Breach(SystemErrors.SYSTEM_RESOURCE_LIMIT, "load.one", m.load().one(), p.maxLoad(),
                    "The one-minute load average is above the limit"));
        }
        if (p.minFreeMemoryMb() != null && m.availableMemoryMb() < p.minFreeMemoryMb()) {
            breaches.add(new Breach(SystemErrors.SYSTEM_MEMORY_LIMIT, "memory.availableMb", m.availableMemoryMb(),
                    p.minFreeMemoryMb(), "Available memory is below the minimum"));
        }
        double memory = HostMeasurement.round(m.memory().usedPercent());
        if (p.maxMemoryPercent() != null && memory > p.maxMemoryPercent()) {
            breaches.add(new Breach(SystemErrors.SYSTEM_MEMORY_LIMIT, "memory.usedPercent", memory,
                    p.maxMemoryPercent(), "Memory use is above the limit"));
        }
        for (DiskUsage.Disk disk : m.disks()) {
            if (p.maxDiskPercent() != null && disk.usedPercent() > p.maxDiskPercent()) {
                breaches.add(new Breach(SystemErrors.SYSTEM_DISK_SPACE, "disk.usedPercent:" + disk.path(),
                        disk.usedPercent(),
                        p.maxDiskPercent(), disk.path() + " is fuller than the limit"));
            }
        }
        return breaches;
    }
}
