package io.queuemgr.executor.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/**
 * Runs a script file on the worker: directly when it is executable (its #! line picks the interpreter), otherwise
 * with {@code /bin/sh}.
 */
@ApplicationScoped
public class ScriptExecutor implements TaskExecutor {

    private final ProcessRunner runner;
    private final PathGuard paths;

    public ScriptExecutor(ProcessRunner runner, PathGuard paths) {
        this.runner = runner;
        this.paths = paths;
    }

    @Override
    public Set<String> types() {
        return Set.of("script");
    }

    @Override
    public boolean canPause(String type) {
        return true;
    }

    @Override
    public boolean runsCode(String type) {
        return true;
    }

    @Override
    public Class<?> paramsType(String type) {
        return ScriptParams.class;
    }

    @Override
    public Uni<TaskOutcome> execute(Task task, ExecutionContext context) {
        JsonNode p = task.params();
        Path script = Path.of(p.get("scriptPath").asText());
        paths.checkWhenRunning("params.scriptPath", script.toString());
        if (!Files.isRegularFile(script)) {
            return Uni.createFrom().item(new TaskOutcome.Failed(
                    ErrorCode.SCRIPT_NOT_FOUND.toError("Script " + script + " does not exist",
                            Map.of("scriptPath", script.toString())),
                    null));
        }
        List<String> line = new ArrayList<>();
        if (!Files.isExecutable(script)) {
            line.add("/bin/sh");
        }
        line.add(script.toString());
        line.addAll(CommandExecutor.strings(p.get("scriptArgs")));
        context.progress(null, "running " + script.getFileName());
        return runner.run(line, p.get("env"), p.path("workingDir").asText(null), context);
    }
}
