package io.queuemgr.executor.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskListing;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.history.TaskHistoryQuery;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/**
 * Writes the live tasks or the task history, filtered, to a CSV or JSON Lines file, reading a page at a time. The
 * file is written beside its final name and moved there at the end, so a failed or cancelled run leaves no half file.
 */
@ApplicationScoped
public class ExportExecutor implements TaskExecutor<ExportParams> {

    private static final TaskType TYPE = TaskType.of("data.export", ExportParams.class,
            "Writes the live tasks (what GET /api/tasks lists) or the task history (GET /api/tasks/history), "
                    + "filtered, to a CSV or JSON Lines file.")
            .aliases("DATA_EXPORT").category("data").tags("data", "export").can(TaskType.Capability.CANCELLABLE);

    private final PathGuard paths;
    /** Looked up when a task runs, so that making the executor reads no configuration. */
    private final Supplier<ExportSetup> setup;

    @Inject
    public ExportExecutor(PathGuard paths, Instance<TaskListing> listing, Instance<TaskHistoryQuery> history,
            Instance<TaskCodec> codec, Instance<DataConfig> config) {
        this(paths, () -> new ExportSetup(listing.get(), history.get(), codec.get(),
                Math.clamp(config.get().exportPageSize(), 1, 1000),
                config.get().exportQueryTimeout()));
    }

    ExportExecutor(PathGuard paths, Supplier<ExportSetup> setup) {
        this.paths = paths;
        this.setup = setup;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(ExportParams p, ExecutionContext context) {
        paths.checkWhenRunning("params.destination", p.destination());
        Path destination = Path.of(p.destination()).toAbsolutePath();
        DataFormat format = DataFormat.of(p.format(), destination, "params.format");
        context.status(TaskStatus.RUNNING, "exporting " + p.what() + " to " + destination.getFileName());
        return context.blocking(() -> export(destination, format, p, context));
    }

    private TaskOutcome export(Path destination, DataFormat format, ExportParams p, ExecutionContext context)
            throws IOException {
        ExportSetup s = setup.get();
        boolean overwrite = Boolean.TRUE.equals(p.overwrite());
        ProcessChecks.replaceable(destination, overwrite);
        Path part = destination.resolveSibling("." + destination.getFileName() + ".part-" + context.task().id());
        AtomicLong rows = new AtomicLong();
        long started = System.nanoTime();
        try {
            try (TaskFile file = TaskFile.open(part, format, s.codec())) {
                s.source(p).writeTo(file, s.pageSize(), p.limit() == null ? Long.MAX_VALUE : p.limit(), rows, context);
            }
            if (context.isCancelled()) {
                return new TaskOutcome.Stopped(result(p, format, destination, rows.get(), started));
            }
            move(part, destination, overwrite);
            ObjectNode result = result(p, format, destination, rows.get(), started);
            result.put("bytes", Files.size(destination));
            context.log("exported " + rows.get() + " " + p.what() + " rows to " + destination);
            return new TaskOutcome.Succeeded(result);
        } catch (IOException | RuntimeException e) {
            if (context.isCancelled()) {
                return new TaskOutcome.Stopped(result(p, format, destination, rows.get(), started));
            }
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                throw DataErrors.DATA_WRITE_FAILED.failure("Could not write " + destination + ": " + e.getMessage(),
                        Map.of("path", destination.toString()));
            }
            throw e;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Into place; without overwrite a file that appeared meanwhile is kept, not replaced. */
    private static void move(Path part, Path destination, boolean overwrite) throws IOException {
        try {
            if (overwrite) {
                Files.move(part, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(part, destination);
            }
        } catch (FileAlreadyExistsException e) {
            throw ProcessChecks.outputExists(destination);
        }
    }

    private static ObjectNode result(ExportParams p, DataFormat format, Path destination, long rows, long started) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("what", p.what());
        result.put("format", format.label());
        result.put("destination", destination.toString());
        result.put("rows", rows);
        result.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
        return result;
    }
}
