package io.queuemgr.executor.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/**
 * Filters and projects the rows of a CSV or JSON Lines file into another. The output is written beside its final
 * name and moved there at the end, so a failed or cancelled run never leaves half a file under that name.
 */
@ApplicationScoped
public class ProcessExecutor implements TaskExecutor<ProcessParams> {

    private static final TaskType TYPE = TaskType.of("data.process", ProcessParams.class,
            "Keeps the rows of a CSV or JSON Lines file that pass the filters, and the columns named, in a new "
                    + "CSV or JSON Lines file.")
            .aliases("DATA_PROCESS").category("data").tags("data", "process", "transform")
            .can(TaskType.Capability.CANCELLABLE);

    private final PathGuard paths;
    /** Read when a task runs, so that making the executor reads no configuration. */
    private final Supplier<DataLimits> limits;

    @Inject
    public ProcessExecutor(PathGuard paths, Instance<DataConfig> config) {
        this(paths, () -> DataLimits.of(config.get()));
    }

    public ProcessExecutor(PathGuard paths, Supplier<DataLimits> limits) {
        this.paths = paths;
        this.limits = limits;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(ProcessParams p, ExecutionContext context) {
        paths.checkWhenRunning("params.input", p.input());
        paths.checkWhenRunning("params.output", p.output());
        Path input = Path.of(p.input()).toAbsolutePath();
        Path output = Path.of(p.output()).toAbsolutePath();
        DataFormat from = DataFormat.of(p.format(), input, "params.format");
        DataFormat to = p.outputFormat() == null && p.format() != null
                ? from
                : DataFormat.of(p.outputFormat(), output, "params.outputFormat");
        context.status(TaskStatus.RUNNING, "processing " + input.getFileName());
        return context.blocking(() -> process(input, from, output, to, p, context));
    }

    private TaskOutcome process(Path input, DataFormat from, Path output, DataFormat to, ProcessParams p,
            ExecutionContext context) throws IOException {
        ProcessChecks.output(input, output, Boolean.TRUE.equals(p.overwrite()));
        Path part = output.resolveSibling("." + output.getFileName() + ".part-" + context.task().id());
        try (RowSource source = RowSource.open(input, from, limits.get().inputBytes(p.maxInputBytes()), limits.get())) {
            ProcessChecks.columns(source, p);
            List<String> kept = p.columns() != null
                    ? p.columns()
                    : source.columns().isEmpty()
                            ? null
                            : source.columns();
            long limit = p.limit() == null ? Long.MAX_VALUE : p.limit();
            long[] written = {0};
            RowScan.Counts counts;
            try (RowSink sink = RowSink.open(part, to, kept)) {
                counts = RowScan.run(source, RowPredicate.of(p.filters()), context,
                        "processing " + input.getFileName(), row -> {
                            if (written[0] >= limit) {
                                return false;
                            }
                            write(sink, row);
                            return ++written[0] < limit;
                        });
            } catch (IOException | UncheckedIOException e) {
                throw DataErrors.DATA_WRITE_FAILED.failure("Could not write " + output + ": " + e.getMessage(),
                        Map.of("path", output.toString()));
            }
            ObjectNode result = result(input, output, counts, written[0]);
            if (counts.stopped()) {
                return new TaskOutcome.Stopped(result);
            }
            Files.move(part, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            result.put("bytesWritten", Files.size(output));
            context.log("wrote " + result.path("rowsOut").asLong() + " of " + counts.rowsIn() + " rows to "
                    + output);
            return new TaskOutcome.Succeeded(result);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void write(RowSink sink, Row row) {
        try {
            sink.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode result(Path input, Path output, RowScan.Counts counts, long rowsOut) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("input", input.toString());
        result.put("output", output.toString());
        result.put("rowsIn", counts.rowsIn());
        result.put("rowsOut", rowsOut);
        result.put("bytesRead", counts.bytesRead());
        return result;
    }
}
