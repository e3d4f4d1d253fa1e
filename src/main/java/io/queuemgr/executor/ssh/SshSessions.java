package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.core.CoreModuleProperties;

import io.queuemgr.task.TaskFailure;

/**
 * Opens authenticated SSH sessions with the service's one MINA client, started when the first task needs it and
 * stopped at shutdown. Opening blocks (it waits on MINA's futures with the connect timeout): call it from a task's
 * virtual thread.
 */
@ApplicationScoped
public class SshSessions {

    static {
        MinaProviders.configure();
    }

    private final SshConfig config;
    private SshClient client;

    public SshSessions(SshConfig config) {
        this.config = config;
    }

    /** Connects, checks the host key and logs in; fails with the SSH code that says what went wrong. */
    ClientSession open(SshTarget target, Login login) throws InterruptedIOException {
        int port = target.portOr22();
        Path knownHosts = Path.of(target.knownHosts() != null ? target.knownHosts() : config.knownHosts());
        HostKeyCheck check = new HostKeyCheck(knownHosts, target.acceptsNewHostKey(), target.host(), port);
        Map<String, String> where = Map.of("host", target.host(), "port", String.valueOf(port), "username",
                target.username());
        ClientSession session;
        try {
            session = client().connect(target.username(), target.host(), port,
                    AttributeRepository.ofKeyValuePair(HostKeyCheck.KEY, check), null)
                    .verify(config.connectTimeout()).getSession();
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw SshErrors.SSH_CONNECTION_FAILED.failure("Could not connect to " + target.host() + ":" + port
                    + ": " + SshFailures.reason(e), where);
        }
        try {
            login.offerTo(session);
            session.auth().verify(config.connectTimeout());
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            if (e instanceof InterruptedIOException interrupted) {
                throw interrupted;
            }
            TaskFailure refusal = check.refusal();
            if (refusal != null) {
                throw refusal;
            }
            if (SshFailures.isAuthentication(e)) {
                throw SshErrors.SSH_AUTHENTICATION_FAILED.failure(target.host() + " refused the login of "
                        + target.username() + ": " + SshFailures.reason(e), where);
            }
            throw SshErrors.SSH_CONNECTION_FAILED.failure("The connection to " + target.host() + ":" + port
                    + " broke off during login: " + SshFailures.reason(e), where);
        }
    }

    private synchronized SshClient client() {
        if (client == null) {
            client = SshClient.setUpDefaultClient();
            // AES-GCM first: the JDK runs it on the CPU's AES and carry-less multiply instructions, with no
            // separate MAC; MINA's default order puts CTR with an HMAC ahead of it.
            client.setCipherFactoriesNames(Stream.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
                    BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr,
                    BuiltinCiphers.aes256ctr).filter(BuiltinCiphers::isSupported).map(BuiltinCiphers::getName)
                    .toList());
            // Small packets at once: a command's channel open, exec request, output and close are each a packet
            // or two, and Nagle's algorithm held each until the server's delayed acknowledgement came.
            CoreModuleProperties.TCP_NODELAY.set(client, true);
            client.setServerKeyVerifier((session, address, key) -> {
                HostKeyCheck check = session.getConnectionContext() == null
                        ? null
                        : session.getConnectionContext().getAttribute(HostKeyCheck.KEY);
                return check != null && check.accepts(session, key);
            });
            client.start();
        }
        return client;
    }

    @PreDestroy
    synchronized void stop() {
        if (client != null) {
            client.stop();
            client = null;
        }
    }
}
