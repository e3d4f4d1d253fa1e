package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.queuemgr.executor.BreakerConfig;
import io.queuemgr.executor.Breakers;
import io.queuemgr.testing.ConfigDefaults;
import io.queuemgr.testing.FakeContext;

/**
 * An sshd with the service side wired to it: sessions, pool and executors built as CDI would, secrets holding the
 * user's key and the password user's password, and contexts that read those secrets.
 */
final class SshTestbed implements AutoCloseable {

    final SshServer server;
    final TestSshConfig config;
    final SshSessions sessions;
    final SshConnectionPool pool;
    final KeyFileRoots keyRoots;
    final Path secrets;

    SshTestbed(SshServer server, TestSshConfig config) throws IOException {
        this.server = server;
        this.config = config;
        this.sessions = new SshSessions(config);
        this.pool = new SshConnectionPool(sessions, config, new Breakers(ConfigDefaults.of(BreakerConfig.class),
                Clock.systemUTC(), new SimpleMeterRegistry()));
        this.keyRoots = new KeyFileRoots(config);
        this.secrets = server.dir.resolve("secrets");
        Files.createDirectories(secrets);
        Files.writeString(secrets.resolve("user-key"), Files.readString(server.userKey));
        Files.writeString(secrets.resolve("password"), server.password());
        Files.writeString(secrets.resolve("wrong-password"), "not-the-password");
    }

    static SshTestbed on(SshServer server) throws IOException {
        return new SshTestbed(server, TestSshConfig.in(server));
    }

    FakeContext context(String type) {
        return FakeContext.forType(type).withSecretsIn(secrets);
    }

    static JsonNode ref(String name) {
        return JsonNodeFactory.instance.objectNode().put("secretRef", name);
    }

    /** Exec params logging in with the user's key from a secret. */
    SshExecParams exec(String command) {
        return new SshExecParams("127.0.0.1", server.port, server.user, null, ref("user-key"), null, null, null, null,
                command, null, null, null);
    }

    SshExecParams exec(String command, Map<String, JsonNode> env, Boolean pty, Integer timeoutSeconds) {
        return new SshExecParams("127.0.0.1", server.port, server.user, null, ref("user-key"), null, null, null, null,
                command, env, pty, timeoutSeconds);
    }

    SshConnectParams connectWithKey() {
        return new SshConnectParams("127.0.0.1", server.port, server.user, null, ref("user-key"), null, null, null,
                null);
    }

    @Override
    public void close() {
        pool.close();
        sessions.stop();
    }
}
