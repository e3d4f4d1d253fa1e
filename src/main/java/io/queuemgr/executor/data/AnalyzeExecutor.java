package io.queuemgr.executor.data;

import java.nio.file.Path;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/** Per-column statistics of a CSV or JSON Lines file, read once from start to end in bounded memory. */
@ApplicationScoped
public class AnalyzeExecutor implements TaskExecutor<AnalyzeParams> {

    private static final TaskType TYPE = TaskType.of("data.analyze", AnalyzeParams.class,
            "Counts, empties, distinct and top values, numeric min/max/mean/stddev and lengths of each column "
                    + "of a CSV or JSON Lines file, after optional filters.")
            .aliases("DATA_ANALYZE").category("data").tags("data", "analyze")
            .can(TaskType.Capability.CANCELLABLE);

    private final PathGuard paths;
    /** Read when a task runs, so that making the executor reads no configuration. */
    private final Supplier<DataLimits> limits;

    @Inject
    public AnalyzeExecutor(PathGuard paths, Instance<DataConfig> config) {
        this(paths, () -> DataLimits.of(config.get()));
    }

    public AnalyzeExecutor(PathGuard paths, Supplier<DataLimits> limits) {
        this.paths = paths;
        this.limits = limits;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(AnalyzeParams p, ExecutionContext context) {
        paths.checkWhenRunning("params.input", p.input());
        Path input = Path.of(p.input());
        DataFormat format = DataFormat.of(p.format(), input, "params.format");
        context.status(TaskStatus.RUNNING, "analysing " + input.getFileName());
        return context.blocking(() -> analyse(input, format, p, context));
    }

    private TaskOutcome analyse(Path input, DataFormat format, AnalyzeParams p, ExecutionContext context)
            throws Exception {
        try (RowSource source = RowSource.open(input, format, limits.get().inputBytes(p.maxInputBytes()),
                limits.get())) {
            DatasetStats stats = new DatasetStats(input, source.columns(), limits.get());
            RowScan.Counts counts = RowScan.run(source, RowPredicate.of(p.filters()), context,
                    "analysing " + input.getFileName(), stats::add);
            ObjectNode result = stats.toJson();
            result.put("input", input.toString());
            result.put("format", format.label());
            result.put("rowsRead", counts.rowsIn());
            result.put("bytesRead", counts.bytesRead());
            context.log("analysed " + counts.rowsIn() + " rows (" + counts.rowsMatched() + " after filters) of "
                    + input);
            return counts.stopped() ? new TaskOutcome.Stopped(result) : new TaskOutcome.Succeeded(result);
        }
    }
}
