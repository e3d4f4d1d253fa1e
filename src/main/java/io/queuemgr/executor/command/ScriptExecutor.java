package io.queuemgr.executor.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.error.ErrorCode;
import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.ParamSchema;
import io.queuemgr.executor.ParamSchema.Kind;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/**
 * Runs a script file on the worker: directly when it is executable (its #! line picks the interpreter), otherwise
 * with {@code /bin/sh}.
 */
@ApplicationScoped
public class ScriptExecutor implements TaskExecutor {

    private static final ParamSchema SCHEMA = ParamSchema.of()
            .required("scriptPath", Kind.STRING)
            .optional("scriptArgs", Kind.STRING_LIST)
            .optional("env", Kind.STRING_MAP, CommandExecutor::envProblem)
            .optional("workingDir", Kind.STRING);

    private final ProcessRunner runner;

    public ScriptExecutor(ProcessRunner runner) {
        this.runner = runner;
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
    public ParamSchema schema(String type) {
        return SCHEMA;
    }

    @Override
    public Uni<TaskOutcome> execute(Task task, ExecutionContext context) {
        JsonNode p = task.params();
        Path script = Path.of(p.get("scriptPath").asText());
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
        return runner.run(line, CommandExecutor.stringMap(p.get("env")), p.path("workingDir").asText(null), context);
    }
}
