package io.queuemgr.executor.system;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.executor.process.ProcessRunner;
import io.smallrye.mutiny.Uni;

/**
 * Updates the host's packages with the command the operator configured; a submitter can start it but never choose
 * what runs, and with nothing configured it is off.
 */
@ApplicationScoped
public class UpdateExecutor implements TaskExecutor<UpdateParams> {

    private static final TaskType TYPE = TaskType.of("system.update", UpdateParams.class,
            "Runs the package manager command the operator configured (queuemgr.system.update-command).")
            .aliases("SYSTEM_UPDATE").category("system").tags("system", "update", "packages")
            .can(TaskType.Capability.CANCELLABLE, TaskType.Capability.RUNS_CODE);

    private final Provider<SystemConfig> config;
    private final ProcessRunner runner;

    /** The configuration is read when a task runs, so that making the executor reads none. */
    public UpdateExecutor(Provider<SystemConfig> config, ProcessRunner runner) {
        this.config = config;
        this.runner = runner;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(UpdateParams params, ExecutionContext context) {
        List<String> command = config.get().updateCommand().orElse(List.of()).stream().filter(a -> !a.isBlank())
                .toList();
        if (command.isEmpty()) {
            return Uni.createFrom().item(new TaskOutcome.Failed(SystemErrors.SYSTEM_UPDATE_DISABLED.toError(
                    "system.update is off: queuemgr.system.update-command is not set"), null));
        }
        context.step("running " + String.join(" ", command));
        return runner.run(command, Map.of(), null, context);
    }
}
