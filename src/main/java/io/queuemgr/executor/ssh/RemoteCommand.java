package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

import io.queuemgr.executor.ExecutionContext;

/**
 * One command on an open session, its output streamed to the task log. A stop (cancel or timeout) kills the
 * command's process group on the host, then closes the channel. Closing alone is not enough: without a terminal
 * OpenSSH leaves the process running, and it refuses "signal" requests on root's sessions (they need privilege
 * separation). So the command line first writes its shell's pid, which sshd made a process group leader (setsid),
 * to a file, and the stop runs {@code kill -KILL -- -pid} on a second channel of the same session.
 */
final class RemoteCommand {

    /** A name a POSIX shell can export. */
    static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";

    /** How the command ended. Exit status and signal are null when the server sent none. */
    record End(Integer exitStatus, String exitSignal, boolean timedOut, OutputLines stdout, OutputLines stderr) {
    }

    /** The server did not open a channel for the command (it may allow fewer at once than the connection has). */
    static final class Refused extends IOException {

        Refused(String reason) {
            super(reason);
        }
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
        String pidFile = "${TMPDIR:-/tmp}/queuemgr-" + UUID.randomUUID() + ".pid";
        String line = "echo $$ > " + pidFile + "; trap 'rm -f " + pidFile + "' EXIT; " + exports(env) + command;
        try (ChannelExec channel = session.createExecChannel(line, null, Map.of())) {
            channel.setUsePty(pty);
            channel.setOut(stdout);
            channel.setErr(stderr);
            channel.setRedirectErrorStream(false);
            try {
                channel.open().verify(Duration.ofSeconds(30));
            } catch (IOException e) {
                throw new Refused(SshFailures.reason(e));
            }
            // A cancel may come from an event loop: the stop waits for the server, so it runs on a thread of its own.
            context.onCancel(() -> Thread.startVirtualThread(() -> stop(session, channel, pidFile)));
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                    timeout == null ? 0 : timeout.toMillis());
            boolean timedOut = events.contains(ClientChannelEvent.TIMEOUT);
            if (timedOut) {
                stop(session, channel, pidFile);
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

    private static void stop(ClientSession session, ChannelExec channel, String pidFile) {
        String kill = "kill -KILL -- -$(cat " + pidFile + ") 2>/dev/null; rm -f " + pidFile;
        try (ChannelExec killer = session.createExecChannel(kill, null, Map.of())) {
            killer.open().verify(Duration.ofSeconds(10));
            killer.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(10));
        } catch (IOException e) {
            // The session is gone; so is the command, which sshd hung up on.
        }
        channel.close(false);
    }
}
