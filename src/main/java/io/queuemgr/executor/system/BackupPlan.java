package io.queuemgr.executor.system;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a backup will archive, found by walking the sources before anything is written, so that progress can be told
 * in bytes. Links are archived as links, never followed; sockets and pipes have no content and are left out.
 */
record BackupPlan(List<Item> items, long bytes) {

    /** One entry of the archive: its file and its name in the archive, relative to its source's parent. */
    record Item(Path path, String name, Kind kind, long size) {
    }

    /** What kind of entry an item becomes. */
    enum Kind {
        DIRECTORY,
        FILE,
        LINK
    }

    /** Walks the sources; {@code skip} are files not to archive (the archive being written, if it lies among them). */
    static BackupPlan of(List<Path> sources, Set<Path> skip, Consumer<String> log) throws IOException {
        List<Item> items = new ArrayList<>();
        long[] bytes = {0};
        for (Path source : sources) {
            if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                throw SystemErrors.SYSTEM_PATH_NOT_FOUND.failure(source + " does not exist, nothing was archived",
                        Map.of("path", source.toString()));
            }
            Path base = source.getParent() == null ? source : source.getParent();
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(base)) {
                        items.add(new Item(dir, base.relativize(dir) + "/", Kind.DIRECTORY, 0));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = base.relativize(file).toString();
                    if (skip.contains(file.toAbsolutePath().normalize())) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isSymbolicLink()) {
                        items.add(new Item(file, name, Kind.LINK, 0));
                    } else if (attrs.isRegularFile()) {
                        items.add(new Item(file, name, Kind.FILE, attrs.size()));
                        bytes[0] += attrs.size();
                    } else {
                        log.accept("left out " + file + ": not a regular file, folder or link");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    throw e;
                }
            });
        }
        return new BackupPlan(List.copyOf(items), bytes[0]);
    }
}
