package io.queuemgr.executor.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/**
 * Archives files and folders into a .tar.gz: first the sources are walked (PREPARING) to count their bytes, then the
 * archive is streamed to a hidden file beside the destination (RUNNING, progress by bytes) and moved into place only
 * when complete, so a cancel or a failure leaves no half archive under the destination's name.
 */
@ApplicationScoped
public class BackupExecutor implements TaskExecutor<BackupParams> {

    private static final TaskType TYPE = TaskType.of("system.backup", BackupParams.class,
            "Archives files and folders of the host into a .tar.gz file, with its SHA-256.")
            .aliases("SYSTEM_BACKUP").category("system").tags("system", "backup", "archive")
            .can(TaskType.Capability.CANCELLABLE);

    private final PathGuard paths;

    public BackupExecutor(PathGuard paths) {
        this.paths = paths;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(BackupParams p, ExecutionContext context) {
        return context.blocking(() -> backUp(p, context));
    }

    private TaskOutcome backUp(BackupParams p, ExecutionContext context) throws IOException {
        long started = System.nanoTime();
        p.paths().forEach(path -> paths.checkWhenRunning("params.paths", path));
        paths.checkWhenRunning("params.destination", p.destination());
        Path destination = Path.of(p.destination()).toAbsolutePath().normalize();
        if (destination.getParent() == null || !Files.isDirectory(destination.getParent())) {
            throw SystemErrors.SYSTEM_PATH_NOT_FOUND.failure("The folder of " + destination + " does not exist",
                    Map.of("path", String.valueOf(destination.getParent())));
        }
        Path partial;
        try {
            // Readable by the service's user only, as a backup may hold anything; it keeps that mode when moved.
            partial = Files.createTempFile(destination.getParent(), "." + destination.getFileName() + ".", ".partial");
        } catch (IOException e) {
            throw BackupFailures.classify(e, destination);
        }
        BackupProgress progress = new BackupProgress(context, destination);
        try {
            context.status(TaskStatus.PREPARING, "counting the files to archive");
            List<Path> sources = p.paths().stream().map(s -> Path.of(s).toAbsolutePath().normalize()).toList();
            BackupPlan plan = BackupPlan.of(sources, Set.of(partial, destination), context::log);
            context.log("archiving " + plan.items().size() + " entries, " + plan.bytes() + " bytes, to " + destination);
            context.status(TaskStatus.RUNNING);
            progress.start(plan.bytes());
            String sha256;
            try (TarGzWriter writer = new TarGzWriter(partial)) {
                for (BackupPlan.Item item : plan.items()) {
                    progress.entering(item);
                    writer.add(item, progress::wrote);
                }
                sha256 = writer.finish();
            }
            long bytesOut = Files.size(partial);
            Files.move(partial, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            ObjectNode result = progress.result();
            result.put("bytesOut", bytesOut).put("sha256", sha256)
                    .put("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
            context.progress(100, "archived " + result.get("files").asLong() + " files");
            return new TaskOutcome.Succeeded(result);
        } catch (IOException | RuntimeException e) {
            if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                return new TaskOutcome.Stopped(progress.result());
            }
            throw BackupFailures.classify(e, progress.currentPath());
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
