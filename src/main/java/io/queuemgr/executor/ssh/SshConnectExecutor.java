package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.Buffer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/** Tests that a host can be reached and logged in to, on a connection of its own (not the pool's). */
@ApplicationScoped
public class SshConnectExecutor implements TaskExecutor<SshConnectParams> {

    private static final TaskType TYPE = TaskType.of("ssh.connect", SshConnectParams.class,
            "Opens an SSH connection, checks the host key and logs in, and reports the server and its key.")
            .aliases("SSH_CONNECT").category("ssh").tags("ssh", "connection-test");

    private final SshSessions sessions;
    private final KeyFileRoots keyRoots;

    public SshConnectExecutor(SshSessions sessions, KeyFileRoots keyRoots) {
        this.sessions = sessions;
        this.keyRoots = keyRoots;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(SshConnectParams p, ExecutionContext context) {
        context.status(TaskStatus.VALIDATING, "connecting to " + p.host() + ", checking its host key and logging in");
        return context.blocking(() -> {
            Login login = Login.of(p, context, keyRoots);
            try (ClientSession session = sessions.open(p, login)) {
                PublicKey key = session.getServerKey();
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                result.put("serverVersion", session.getServerVersion());
                result.put("hostKeyAlgorithm", KeyUtils.getKeyType(key));
                result.put("hostKeyFingerprint", KeyUtils.getFingerPrint(key));
                result.put("roundTripMs", roundTripMillis(session));
                return new TaskOutcome.Succeeded(result);
            }
        });
    }

    /**
     * One request and its answer on the open connection: OpenSSH answers an unknown global request with a failure
     * at once, which is what a keepalive measures.
     */
    private static double roundTripMillis(ClientSession session) throws IOException {
        long start = System.nanoTime();
        String name = "keepalive@openssh.com";
        Buffer request = session.createBuffer(SshConstants.SSH_MSG_GLOBAL_REQUEST, name.length() + 8);
        request.putString(name);
        request.putBoolean(true);
        session.request(name, request, Duration.ofSeconds(10));
        return Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
    }
}
