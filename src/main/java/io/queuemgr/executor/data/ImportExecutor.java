package io.queuemgr.executor.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskIntake;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/**
 * Submits each line of a JSON Lines file as a task of its own, checked as a REST submission is, and reports which
 * lines became which tasks and why the others were refused. Each line's idempotency key is the import task's id and
 * the line's number, so a retried or handed-over import makes no task twice.
 */
@ApplicationScoped
public class ImportExecutor implements TaskExecutor<ImportParams> {

    private static final TaskType TYPE = TaskType.of("data.import", ImportParams.class,
            "Submits every line of a JSON Lines file as a task (each line a POST /api/tasks body) and reports "
                    + "the tasks made and the lines refused with their reasons.")
            .aliases("DATA_IMPORT").category("data").tags("data", "import", "bulk")
            .can(TaskType.Capability.CANCELLABLE);

    /** A submission answers once Kafka holds the task; past this the broker is taken as unreachable. */
    private static final Duration PER_LINE = Duration.ofSeconds(30);

    private final PathGuard paths;
    /** Looked up when an import runs: submission needs the executors, so taking it at creation is a cycle. */
    private final Supplier<TaskIntake> intake;
    /** Read when a task runs, so that making the executor reads no configuration. */
    private final Supplier<DataLimits> limits;

    @Inject
    public ImportExecutor(PathGuard paths, Instance<TaskIntake> intake, Instance<DataConfig> config) {
        this(paths, intake::get, () -> DataLimits.of(config.get()));
    }

    public ImportExecutor(PathGuard paths, Supplier<TaskIntake> intake, Supplier<DataLimits> limits) {
        this.paths = paths;
        this.intake = intake;
        this.limits = limits;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(ImportParams p, ExecutionContext context) {
        paths.checkWhenRunning("params.input", p.input());
        Path input = Path.of(p.input());
        context.status(TaskStatus.RUNNING, "importing " + input.getFileName());
        return context.blocking(() -> importAll(input, p, context));
    }

    private TaskOutcome importAll(Path input, ImportParams p, ExecutionContext context) throws Exception {
        ImportReport report = new ImportReport(limits.get().reportLimit());
        String owner = context.task().submittedBy();
        try (TextLines lines = TextLines.open(input, limits.get().inputBytes(p.maxInputBytes()), limits.get())) {
            String line;
            while ((line = lines.next()) != null) {
                if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
                    return new TaskOutcome.Stopped(report.toJson());
                }
                if (line.isBlank()) {
                    continue;
                }
                String key = "data.import:" + context.task().id() + ":" + lines.line();
                TaskIntake.Answer answer;
                try {
                    answer = intake.get().submit(line.getBytes(StandardCharsets.UTF_8), p.queue(), owner, key).await()
                            .atMost(PER_LINE);
                } catch (RuntimeException e) {
                    if (context.isCancelled()) {
                        return new TaskOutcome.Stopped(report.toJson());
                    }
                    return new TaskOutcome.Failed(DataErrors.DATA_SUBMISSION_FAILED.toError("Line " + lines.line()
                            + " could not be submitted: " + e.getMessage(),
                            Map.of("line",
                                    Long.toString(lines.line()))),
                            report.toJson());
                }
                report.add(lines.line(), answer);
                if (lines.line() % 100 == 0) {
                    context.step("imported " + lines.line() + " lines of " + input.getFileName());
                }
            }
        }
        ObjectNode result = report.toJson();
        context.log("import of " + input + ": " + result.path("accepted").asLong() + " tasks made, "
                + report.refused() + " lines refused");
        return new TaskOutcome.Succeeded(result);
    }
}
