package io.queuemgr.executor.system;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Space of file systems, through java.nio's FileStore: every real mount of /proc/self/mounts, or given paths. */
final class DiskUsage {

    /** One file system as df shows it: used percent is of the space a user can have (used + available). */
    record Disk(String path, String type, long totalBytes, long freeBytes, double usedPercent) {

        static Disk of(String path, FileStore store) throws IOException {
            long total = store.getTotalSpace();
            long used = total - store.getUnallocatedSpace();
            long available = store.getUsableSpace();
            double percent = used + available == 0 ? 0 : Math.round(1000.0 * used / (used + available)) / 10.0;
            return new Disk(path, store.type(), total, available, percent);
        }
    }

    private final HostProbe probe;

    DiskUsage(HostProbe probe) {
        this.probe = probe;
    }

    /** The file systems holding each path; a path that does not exist fails the task. */
    List<Disk> of(List<String> paths) {
        List<Disk> disks = new ArrayList<>();
        for (String path : paths) {
            try {
                disks.add(Disk.of(path, Files.getFileStore(Path.of(path))));
            } catch (NoSuchFileException e) {
                throw SystemErrors.SYSTEM_PATH_NOT_FOUND.failure(path + " does not exist", Map.of("path", path));
            } catch (IOException e) {
                throw SystemErrors.SYSTEM_NOT_SUPPORTED.failure("Cannot read the space of " + path + ": "
                        + e.getMessage(), Map.of("path", path));
            }
        }
        return disks;
    }

    /** Every mount with a size: the kernel's pseudo file systems (proc, sysfs, cgroup) report none and are left out. */
    List<Disk> everyMount() {
        List<Disk> disks = new ArrayList<>();
        for (String mount : mountPoints(probe.read("self/mounts"))) {
            try {
                Disk disk = Disk.of(mount, Files.getFileStore(Path.of(mount)));
                if (disk.totalBytes() > 0) {
                    disks.add(disk);
                }
            } catch (IOException | SecurityException e) {
                // A mount the service may not look into, or one gone since the list was read, is not shown.
            }
        }
        return disks;
    }

    /** The mount points of a mounts file, octal escapes (\040 for a space) decoded, each once. */
    static List<String> mountPoints(String mounts) {
        Set<String> points = new LinkedHashSet<>();
        for (String line : mounts.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 1) {
                points.add(unescape(f[1]));
            }
        }
        return List.copyOf(points);
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
