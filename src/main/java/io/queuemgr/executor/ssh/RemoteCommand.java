package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;

import io.queuemgr.executor.ExecutionContext;

/**
 * One command on an open session, its output streamed to the task log. A stop (cancel or timeout) sends the
 * session a KILL signal, which OpenSSH delivers to the command's whole process group, then closes the channel; on a
 * terminal the hang-up reaches the foreground group too.
 */
final class RemoteCommand {

    /** A name a POSIX shell can export. */
    static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";

    /** How the command ended. Exit status and signal are null when the server sent none. */
    record End(Integer exitStatus, String exitSignal, boolean timedOut, OutputLines stdout, OutputLines stderr) {
    }

    private RemoteCommand() {
    }

    /**
     * Runs the command line with the variables exported before it. They travel in the command line rather than as
     * "env" requests, which OpenSSH drops unless its AcceptEnv lists them.
     */
    static End run(ClientSession session, String command, Map<String, String> env, boolean pty, Duration timeout,
            ExecutionContext context) throws IOException {
        OutputLines stdout = new OutputLines(context, "");
        OutputLines stderr = new OutputLines(context, "[stderr] ");
        try (ChannelExec channel = session.createExecChannel(exports(env) + command, null, Map.of())) {
            channel.setUsePty(pty);
            channel.setOut(stdout);
            channel.setErr(stderr);
            channel.setRedirectErrorStream(false);
            try {
                channel.open().verify(Duration.ofSeconds(30));
            } catch (IOException e) {
                throw SshErrors.SSH_CHANNEL_FAILED.failure("The server did not open a session channel: "
                        + SshFailures.reason(e));
            }
            context.onCancel(() -> stop(session, channel));
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                    timeout == null ? 0 : timeout.toMillis());
            boolean timedOut = events.contains(ClientChannelEvent.TIMEOUT);
            if (timedOut) {
                stop(session, channel);
            }
            stdout.close();
            stderr.close();
            return new End(channel.getExitStatus(), channel.getExitSignal(), timedOut, stdout, stderr);
        }
    }

    static String exports(Map<String, String> env) {
        if (env.isEmpty()) {
            return "";
        }
        StringBuilder line = new StringBuilder("export");
        env.forEach((name, value) -> line.append(' ').append(name).append("='")
                .append(value.replace("'", "'\\''")).append('\''));
        return line.append("; ").toString();
    }

    private static void stop(ClientSession session, ChannelExec channel) {
        try {
            Buffer signal = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
            signal.putUInt(channel.getRecipient());
            signal.putString("signal");
            signal.putBoolean(false);
            signal.putString("KILL");
            session.writePacket(signal);
        } catch (IOException e) {
            // The channel is closed below either way.
        }
        channel.close(false);
    }
}
