package io.queuemgr.executor.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.executor.process.ProcessRunner;
import io.queuemgr.guard.PathGuard;
import io.smallrye.mutiny.Uni;

/**
 * Runs a script file on the worker: directly when it is executable (its #! line picks the interpreter), otherwise
 * with {@code /bin/sh}.
 */
@ApplicationScoped
public class ScriptExecutor implements TaskExecutor<ScriptParams> {

    private static final TaskType TYPE = TaskType.of("script", ScriptParams.class,
            "Runs a script file of the service's host, by its #! line or with /bin/sh.")
            .aliases("CUSTOM_SCRIPT").tags("script", "local-execution")
            .can(TaskType.Capability.CANCELLABLE, TaskType.Capability.PAUSABLE, TaskType.Capability.RUNS_CODE);

    private final ProcessRunner runner;
    private final PathGuard paths;

    public ScriptExecutor(ProcessRunner runner, PathGuard paths) {
        this.runner = runner;
        this.paths = paths;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(ScriptParams p, ExecutionContext context) {
        Path script = Path.of(p.scriptPath());
        paths.checkWhenRunning("params.scriptPath", script.toString());
        if (!Files.isRegularFile(script)) {
            return Uni.createFrom().item(new TaskOutcome.Failed(
                    CommandErrors.SCRIPT_NOT_FOUND.toError("Script " + script + " does not exist",
                            Map.of("scriptPath", script.toString())),
                    null));
        }
        List<String> line = new ArrayList<>();
        if (!Files.isExecutable(script)) {
            line.add("/bin/sh");
        }
        line.add(script.toString());
        if (p.scriptArgs() != null) {
            line.addAll(p.scriptArgs());
        }
        context.step("running " + script.getFileName());
        return runner.run(line, p.env(), p.workingDir(), context);
    }
}
