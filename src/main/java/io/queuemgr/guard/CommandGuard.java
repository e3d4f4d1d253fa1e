package io.queuemgr.guard;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskFailure;

/**
 * The operator's allow-list of programs for command tasks. An entry with a '/' allows exactly that file; a bare name
 * allows the program given by that bare name (found on the task's PATH), not a file of that name elsewhere. A
 * command line run through the shell is the program {@code sh}: allowing it allows any command line.
 */
@ApplicationScoped
public class CommandGuard {

    private static final String SHELL = "/bin/sh";
    private final Set<String> allowed;

    @Inject
    public CommandGuard(GuardConfig config) {
        this(config.commands().orElse(List.of()));
    }

    public CommandGuard(List<String> allowed) {
        this.allowed = Set.copyOf(allowed.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** What is wrong with running the program (through the shell when {@code shell}), or null when it may run. */
    public String problem(String command, boolean shell) {
        if (allowed.isEmpty()) {
            return null;
        }
        if (shell) {
            return allowed.contains("sh") || allowed.contains(SHELL)
                    ? null
                    : "runs through the shell, and sh is not in queuemgr.guard.commands";
        }
        if (command.indexOf('\0') >= 0) {
            return "contains a NUL character, which no program name can";
        }
        String program = command.contains("/") ? PathGuard.normal(command).toString() : command;
        return allowed.contains(program)
                ? null
                : "is not an allowed program (queuemgr.guard.commands: " + String.join(", ", allowed.stream()
                        .sorted().toList()) + ")";
    }

    /** The same check when the task runs, in case the list changed since the task was accepted. */
    public void checkWhenRunning(String command, boolean shell) {
        String problem = problem(command, shell);
        if (problem != null) {
            throw new TaskFailure(ErrorCode.COMMAND_NOT_ALLOWED.toError((shell ? "The task " : command + " ")
                    + problem, Map.of("command", shell ? SHELL : command)));
        }
    }
}
