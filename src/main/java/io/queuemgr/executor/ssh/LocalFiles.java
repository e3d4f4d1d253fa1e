package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.queuemgr.executor.ssh.SyncPlan.FileState;

/** The regular files under a local folder, as a sync compares them with the remote side. */
final class LocalFiles {

    private LocalFiles() {
    }

    static Map<String, FileState> under(Path root) throws IOException {
        Map<String, FileState> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    String relative = root.relativize(file).toString();
                    files.put(relative, new FileState(relative, attributes.size(),
                            attributes.lastModifiedTime().toMillis() / 1000));
                }
            }
        }
        return files;
    }
}
