package io.queuemgr.executor.system;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What one system.monitor run measured, and its shape in the task's result. */
record HostMeasurement(double cpuPercent, int cores, int sampleMillis, HostProbe.Load load, HostProbe.Memory memory,
        List<DiskUsage.Disk> disks, List<TopProcesses.Process> processes) {

    private static final long MB = 1024 * 1024;

    long availableMemoryMb() {
        return memory.availableKb() / 1024;
    }

    ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("cpu").put("percent", round(cpuPercent)).put("cores", cores).put("sampleMillis", sampleMillis);
        root.putObject("load").put("one", load.one()).put("five", load.five()).put("fifteen", load.fifteen());
        root.putObject("memory").put("totalMb", memory.totalKb() / 1024).put("availableMb", availableMemoryMb())
                .put("usedPercent", round(memory.usedPercent()));
        ArrayNode diskList = root.putArray("disks");
        disks.forEach(d -> diskList.addObject().put("path", d.path()).put("type", d.type())
                .put("totalMb", d.totalBytes() / MB).put("freeMb", d.freeBytes() / MB)
                .put("usedPercent", d.usedPercent()));
        ArrayNode top = root.putArray("topProcesses");
        processes.forEach(p -> top.addObject().put("pid", p.pid()).put("name", p.name())
                .put("cpuPercent", p.cpuPercent()).put("memoryMb", round(p.memoryKb() / 1024.0)));
        return root;
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
