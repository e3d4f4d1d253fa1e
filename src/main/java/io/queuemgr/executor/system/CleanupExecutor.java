package io.queuemgr.executor.system;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.guard.PathGuard;
import io.smallrye.mutiny.Uni;

/**
 * Deletes (or, by default, only lists) regular files older than an age under given folders. Links are never
 * followed, so nothing outside a folder is reached; folders themselves, the given ones included, stay.
 */
@ApplicationScoped
public class CleanupExecutor implements TaskExecutor<CleanupParams> {

    private static final TaskType TYPE = TaskType.of("system.cleanup", CleanupParams.class,
            "Deletes files older than an age under given folders; a dry run (the default) only lists them.")
            .aliases("SYSTEM_CLEANUP").category("system").tags("system", "cleanup", "maintenance")
            .can(TaskType.Capability.CANCELLABLE);

    private final PathGuard paths;

    public CleanupExecutor(PathGuard paths) {
        this.paths = paths;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(CleanupParams p, ExecutionContext context) {
        return context.blocking(() -> cleanUp(p, context));
    }

    private TaskOutcome cleanUp(CleanupParams p, ExecutionContext context) throws IOException {
        Instant cutoff = Instant.now().minus(p.age());
        CleanupReport report = new CleanupReport(!p.deletes(), p.age(), cutoff);
        int done = 0;
        for (String given : p.directories()) {
            paths.checkWhenRunning("params.directories", given);
            Path dir = Path.of(given);
            if (!Files.isDirectory(dir)) {
                throw SystemErrors.SYSTEM_PATH_NOT_FOUND.failure(given + " is not an existing folder",
                        Map.of("path", given));
            }
            context.progress(100 * done++ / p.directories().size(), "looking in " + given);
            // The real path: a given folder that is a link is walked as the folder it names, which the guard allowed.
            walk(dir.toRealPath(), p, cutoff, report, context);
            if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                return new TaskOutcome.Stopped(report.toJson());
            }
        }
        context.log((p.deletes() ? "deleted " : "would delete ") + report.matched() + " files");
        if (report.failures() > 0) {
            return new TaskOutcome.Failed(SystemErrors.SYSTEM_CLEANUP_INCOMPLETE.toError(report.failures()
                    + " files or folders could not be handled", Map.of("failures", Long.toString(report.failures()))),
                    report.toJson());
        }
        return new TaskOutcome.Succeeded(report.toJson());
    }

    private static void walk(Path root, CleanupParams p, Instant cutoff, CleanupReport report,
            ExecutionContext context) throws IOException {
        String glob = p.pattern();
        PathMatcher matcher = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
        boolean byRelativePath = glob != null && glob.contains("/");
        int depth = Boolean.TRUE.equals(p.recursive()) ? Integer.MAX_VALUE : 1;
        Files.walkFileTree(root, Set.of(), depth, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                    return FileVisitResult.TERMINATE;
                }
                // Attributes are the link's own (no FOLLOW_LINKS): a link, even to an old file, is not a regular file.
                if (!attrs.isRegularFile() || !attrs.lastModifiedTime().toInstant().isBefore(cutoff)) {
                    return FileVisitResult.CONTINUE;
                }
                Path name = byRelativePath ? root.relativize(file) : file.getFileName();
                if (matcher == null || matcher.matches(name)) {
                    remove(file, attrs.size(), p.deletes(), report);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (!(e instanceof NoSuchFileException)) {
                    report.failed(file, "cannot be read: " + e.getMessage());
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void remove(Path file, long size, boolean delete, CleanupReport report) {
        if (!delete) {
            report.matched(file, size, false);
            return;
        }
        try {
            report.matched(file, size, Files.deleteIfExists(file));
        } catch (IOException e) {
            report.failed(file, "cannot be deleted: " + e.getMessage());
        }
    }
}
