package io.queuemgr.executor.system;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The busiest processes of the host from /proc/&lt;pid&gt;/stat and status. CPU is what each process used between two
 * readings, in percent of one core as top shows it; memory is its resident set.
 */
final class TopProcesses {

    /** One process as the result shows it. */
    record Process(long pid, String name, double cpuPercent, long memoryKb) {
    }

    /** CPU ticks (user + system) of each process at one moment, with its name. */
    record Ticks(Map<Long, String> names, Map<Long, Long> ticks) {
    }

    private final Path proc;

    TopProcesses(Path proc) {
        this.proc = proc;
    }

    Ticks ticks() {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path dir : dirs) {
                // A process may end between the listing and the read: it is simply not counted.
                String stat = readOrNull(dir.resolve("stat"));
                if (stat != null) {
                    long pid = Long.parseLong(dir.getFileName().toString());
                    names.put(pid, name(stat));
                    ticks.put(pid, cpuTicks(stat));
                }
            }
        } catch (IOException e) {
            throw SystemErrors.SYSTEM_NOT_SUPPORTED.failure("Cannot list the processes in " + proc, Map.of());
        }
        return new Ticks(names, ticks);
    }

    /** The top {@code count} processes between the two readings; {@code elapsedTicks} is the time of one core. */
    List<Process> top(Ticks before, Ticks after, long elapsedTicks, int count, boolean byMemory) {
        List<Process> all = after.ticks().entrySet().stream().map(e -> {
            long used = e.getValue() - before.ticks().getOrDefault(e.getKey(), e.getValue());
            double percent = elapsedTicks <= 0 ? 0 : Math.round(1000.0 * used / elapsedTicks) / 10.0;
            return new Process(e.getKey(), after.names().get(e.getKey()), percent, 0);
        }).toList();
        if (byMemory) {
            // Every status file is read only when memory decides the order.
            return all.stream().map(this::withMemory)
                    .sorted(Comparator.comparingLong(Process::memoryKb).reversed()).limit(count).toList();
        }
        return all.stream().sorted(Comparator.comparingDouble(Process::cpuPercent).reversed()).limit(count)
                .map(this::withMemory).toList();
    }

    private Process withMemory(Process p) {
        return new Process(p.pid(), p.name(), p.cpuPercent(),
                residentKb(readOrNull(proc.resolve(p.pid() + "/status"))));
    }

    /** The command name: between the first '(' and the last ')', as it may itself hold spaces and parentheses. */
    static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** utime + stime, fields 14 and 15 of stat (the 12th and 13th after the name). */
    static long cpuTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** VmRSS of a status file; 0 for a kernel thread, which has none, or a process that ended. */
    static long residentKb(String status) {
        if (status == null) {
            return 0;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    private static String readOrNull(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
