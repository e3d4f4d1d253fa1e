package io.queuemgr.executor.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.CommandGuard;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/** Runs a program with arguments, or a command line through {@code /bin/sh -c} when {@code shell} is true. */
@ApplicationScoped
public class CommandExecutor implements TaskExecutor {

    private final ProcessRunner runner;
    private final CommandGuard commands;

    public CommandExecutor(ProcessRunner runner, CommandGuard commands) {
        this.runner = runner;
        this.commands = commands;
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
    public Class<?> paramsType(String type) {
        return CommandParams.class;
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
