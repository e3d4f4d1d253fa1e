package io.queuemgr.executor.ssh;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/** Runs a command on a remote host over a pooled SSH connection. */
@ApplicationScoped
public class SshExecExecutor implements TaskExecutor<SshExecParams> {

    private static final TaskType TYPE = TaskType.of("ssh.exec", SshExecParams.class,
            "Runs a command line on a remote host over SSH, streaming its output into the task log.")
            .aliases("SSH_EXECUTE").category("ssh").tags("ssh", "command", "remote-execution")
            .can(TaskType.Capability.RUNS_CODE, TaskType.Capability.CANCELLABLE);

    private final SshConnectionPool pool;
    private final KeyFileRoots keyRoots;

    public SshExecExecutor(SshConnectionPool pool, KeyFileRoots keyRoots) {
        this.pool = pool;
        this.keyRoots = keyRoots;
    }

    /**
     * Tries of a command whose channels are refused while other commands share the connection. Each refusal lowers
     * that connection's capacity, so the tries end well before this; a refusal on a connection of its own ends them.
     */
    private static final int CHANNEL_TRIES = 32;

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(SshExecParams p, ExecutionContext context) {
        context.status(TaskStatus.VALIDATING, "connecting to " + p.host() + ", checking its host key and logging in");
        return context.blocking(() -> {
            Login login = Login.of(p, context, keyRoots);
            Map<String, String> env = context.secrets().resolveAll("params.env", p.env());
            Duration timeout = p.timeoutSeconds() == null ? null : Duration.ofSeconds(p.timeoutSeconds());
            // A server that allows fewer channels on a connection than it has refuses one: the command then tries
            // another connection, and the refusing one takes no more than it holds.
            for (int attempt = 1;; attempt++) {
                try (SshConnectionPool.Lease lease = pool.lease(p, login)) {
                    context.status(TaskStatus.RUNNING, "running on " + p.host());
                    try {
                        RemoteCommand.End end = RemoteCommand.run(lease.session(), p.command(), env,
                                Boolean.TRUE.equals(p.pty()), timeout, context);
                        return outcome(end, p, context);
                    } catch (RemoteCommand.Refused e) {
                        if (!lease.refused() || attempt == CHANNEL_TRIES) {
                            throw SshErrors.SSH_CHANNEL_FAILED.failure("The server did not open a session channel: "
                                    + e.getMessage());
                        }
                    }
                }
            }
        });
    }

    private static TaskOutcome outcome(RemoteCommand.End end, SshExecParams p, ExecutionContext context) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        if (end.exitStatus() != null) {
            result.put("exitStatus", end.exitStatus());
        }
        if (end.exitSignal() != null) {
            result.put("exitSignal", end.exitSignal());
        }
        result.put("stdout", end.stdout().tail());
        result.put("stderr", end.stderr().tail());
        if (context.isCancelled()) {
            return new TaskOutcome.Stopped(result);
        }
        Map<String, String> where = Map.of("host", p.host(), "exitStatus", String.valueOf(end.exitStatus()));
        String said = end.stderr().lastLine().isEmpty() ? "" : ": " + end.stderr().lastLine();
        if (end.timedOut()) {
            return new TaskOutcome.Failed(SshErrors.SSH_COMMAND_TIMEOUT.toError("The command was still running after "
                    + p.timeoutSeconds() + " s and was killed",
                    Map.of("host", p.host(), "timeoutSeconds",
                            String.valueOf(p.timeoutSeconds()))),
                    result);
        }
        if (end.exitStatus() == null) {
            return end.exitSignal() != null
                    ? new TaskOutcome.Failed(SshErrors.SSH_COMMAND_FAILED.toError("The command was killed by signal "
                            + end.exitSignal() + said, Map.of("host", p.host(), "exitSignal", end.exitSignal())),
                            result)
                    : new TaskOutcome.Failed(SshErrors.SSH_CHANNEL_FAILED.toError(
                            "The server ended the session without an exit status", Map.of("host", p.host())), result);
        }
        if (end.exitStatus() == 127) {
            return new TaskOutcome.Failed(SshErrors.SSH_COMMAND_NOT_FOUND.toError("The remote shell did not find the"
                    + " command" + said, where), result);
        }
        if (end.exitStatus() != 0) {
            return new TaskOutcome.Failed(SshErrors.SSH_COMMAND_FAILED.toError("The command exited with status "
                    + end.exitStatus() + said, where), result);
        }
        return new TaskOutcome.Succeeded(result);
    }
}
