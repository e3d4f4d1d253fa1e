package io.queuemgr.executor.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.ParamSchema;
import io.queuemgr.executor.ParamSchema.Kind;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.CommandGuard;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/** Runs a program with arguments, or a command line through {@code /bin/sh -c} when {@code shell} is true. */
@ApplicationScoped
public class CommandExecutor implements TaskExecutor {

    /**
     * What is wrong with an environment for a child process, or null: a variable's name must be non-empty and hold
     * neither '=' nor NUL, and no value may hold NUL (the process could not be started with it).
     */
    static String envProblem(JsonNode env) {
        for (var fields = env.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                return "'" + name + "' is not a variable name: it must be non-empty, without '=' or NUL";
            }
            if (field.getValue().isTextual() && field.getValue().asText().indexOf('\0') >= 0) {
                return "the value of " + name + " holds a NUL character";
            }
        }
        return null;
    }

    private final ProcessRunner runner;
    private final CommandGuard commands;
    private final ParamSchema schema;

    public CommandExecutor(ProcessRunner runner, CommandGuard commands, PathGuard paths) {
        this.runner = runner;
        this.commands = commands;
        this.schema = ParamSchema.of()
                .required("command", Kind.STRING)
                .optional("args", Kind.STRING_LIST)
                .optional("env", Kind.SECRET_MAP, CommandExecutor::envProblem)
                .optional("workingDir", Kind.STRING, paths::problem)
                .optional("shell", Kind.BOOLEAN)
                .check("command", p -> commands.problem(p.get("command").asText(), p.path("shell").asBoolean(false)));
    }

    @Override
    public Set<String> types() {
        return Set.of("command");
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
        return schema;
    }

    @Override
    public Uni<TaskOutcome> execute(Task task, ExecutionContext context) {
        JsonNode p = task.params();
        commands.checkWhenRunning(p.get("command").asText(), p.path("shell").asBoolean(false));
        List<String> line = new ArrayList<>();
        List<String> args = strings(p.get("args"));
        if (p.path("shell").asBoolean(false)) {
            StringBuilder script = new StringBuilder(p.get("command").asText());
            args.forEach(a -> script.append(' ').append(a));
            line.addAll(List.of("/bin/sh", "-c", script.toString()));
        } else {
            line.add(p.get("command").asText());
            line.addAll(args);
        }
        context.progress(null, "running " + line.get(0));
        return runner.run(line, p.get("env"), p.path("workingDir").asText(null), context);
    }

    static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

}
