package io.queuemgr.executor.command;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.executor.process.ProcessRunner;
import io.queuemgr.guard.CommandGuard;
import io.smallrye.mutiny.Uni;

/** Runs a program with arguments, or a command line through {@code /bin/sh -c} when {@code shell} is true. */
@ApplicationScoped
public class CommandExecutor implements TaskExecutor<CommandParams> {

    private static final TaskType TYPE = TaskType.of("command", CommandParams.class,
            "Runs a program with arguments on the service's host, or a line through /bin/sh -c with shell: true.")
            .aliases("CUSTOM_COMMAND").tags("command", "local-execution")
            .can(TaskType.Capability.CANCELLABLE, TaskType.Capability.PAUSABLE, TaskType.Capability.RUNS_CODE);

    private final ProcessRunner runner;
    private final CommandGuard commands;

    public CommandExecutor(ProcessRunner runner, CommandGuard commands) {
        this.runner = runner;
        this.commands = commands;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(CommandParams p, ExecutionContext context) {
        boolean shell = Boolean.TRUE.equals(p.shell());
        commands.checkWhenRunning(p.command(), shell);
        List<String> line = new ArrayList<>();
        List<String> args = p.args() == null ? List.of() : p.args();
        if (shell) {
            StringBuilder script = new StringBuilder(p.command());
            args.forEach(a -> script.append(' ').append(a));
            line.addAll(List.of("/bin/sh", "-c", script.toString()));
        } else {
            line.add(p.command());
            line.addAll(args);
        }
        context.step("running " + line.get(0));
        return runner.run(line, p.env(), p.workingDir(), context);
    }
}
