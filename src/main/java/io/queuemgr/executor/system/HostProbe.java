package io.queuemgr.executor.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the host's counters from Linux's /proc: CPU times, memory and load average. The parsers take the files' text,
 * so that they are checked against what a kernel wrote.
 */
final class HostProbe {

    private final Path proc;

    HostProbe(Path proc) {
        this.proc = proc;
    }

    /** Jiffies since boot, all CPUs together: all of them, and those spent idle or waiting for I/O. */
    record CpuTimes(long total, long idle, int cores) {

        static CpuTimes parse(String stat) {
            long total = 0;
            long idle = 0;
            int cores = 0;
            for (String line : stat.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f[0].equals("cpu")) {
                    // user nice system idle iowait irq softirq steal; guest time is already within user and nice.
                    for (int i = 1; i < Math.min(f.length, 9); i++) {
                        total += Long.parseLong(f[i]);
                    }
                    idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
                } else if (f[0].matches("cpu\\d+")) {
                    cores++;
                }
            }
            return new CpuTimes(total, idle, Math.max(cores, 1));
        }

        /** The share of CPU time that was busy between the earlier reading and this one, in percent. */
        double busyPercentSince(CpuTimes earlier) {
            long elapsed = total - earlier.total;
            return elapsed <= 0 ? 0 : 100.0 * (elapsed - (idle - earlier.idle)) / elapsed;
        }
    }

    /** MemTotal and MemAvailable, in kibibytes as the kernel reports them. */
    record Memory(long totalKb, long availableKb) {

        static Memory parse(String meminfo) {
            long total = 0;
            long available = 0;
            for (String line : meminfo.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f[0].equals("MemTotal:")) {
                    total = Long.parseLong(f[1]);
                } else if (f[0].equals("MemAvailable:")) {
                    available = Long.parseLong(f[1]);
                }
            }
            return new Memory(total, available);
        }

        double usedPercent() {
            return totalKb == 0 ? 0 : 100.0 * (totalKb - availableKb) / totalKb;
        }
    }

    /** Load averages over one, five and fifteen minutes. */
    record Load(double one, double five, double fifteen) {

        static Load parse(String loadavg) {
            String[] f = loadavg.trim().split("\\s+");
            return new Load(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        }
    }

    CpuTimes cpu() {
        return CpuTimes.parse(read("stat"));
    }

    Memory memory() {
        return Memory.parse(read("meminfo"));
    }

    Load load() {
        return Load.parse(read("loadavg"));
    }

    String read(String file) {
        try {
            return Files.readString(proc.resolve(file));
        } catch (IOException e) {
            throw SystemErrors.SYSTEM_NOT_SUPPORTED.failure("Cannot read " + proc.resolve(file) + ": " + e.getMessage(),
                    Map.of("file", proc.resolve(file).toString()));
        }
    }
}
