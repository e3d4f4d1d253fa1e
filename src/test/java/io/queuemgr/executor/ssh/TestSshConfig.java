package io.queuemgr.executor.ssh;

import java.time.Duration;
import java.util.List;

/** The SSH settings of a test: key files and known hosts in the test's folder, a short idle timeout. */
record TestSshConfig(int maxConnectionsPerTarget, int sessionsPerConnection, Duration idleTimeout,
        Duration connectTimeout, String knownHosts,
        List<String> keyFileRoots) implements SshConfig {

    static TestSshConfig in(SshServer server) {
        return new TestSshConfig(4, 8, Duration.ofMinutes(1), Duration.ofSeconds(10), server.knownHosts.toString(),
                List.of(server.dir.toString()));
    }

    TestSshConfig idleFor(Duration idle) {
        return new TestSshConfig(maxConnectionsPerTarget, sessionsPerConnection, idle, connectTimeout, knownHosts,
                keyFileRoots);
    }
}
