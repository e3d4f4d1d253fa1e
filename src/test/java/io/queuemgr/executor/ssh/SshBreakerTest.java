package io.queuemgr.executor.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.queuemgr.executor.Breaker;
import io.queuemgr.executor.BreakerConfig;
import io.queuemgr.executor.Breakers;
import io.queuemgr.task.TaskFailure;

/** Leases of SSH connections go through the breaker of host, port and user; only failed connections count. */
class SshBreakerTest {

    @TempDir
    static Path dir;
    static SshServer server;
    static SshTestbed bed;

    private final Breakers breakers = new Breakers(new TwoFailures(), Clock.systemUTC(), new SimpleMeterRegistry());
    private final SshConnectionPool pool = new SshConnectionPool(bed.sessions, bed.config, breakers);

    /** Opens after two failures in a row and stays open long past the test. */
    private record TwoFailures() implements BreakerConfig {
        public boolean enabled() {
            return true;
        }

        public int failureThreshold() {
            return 2;
        }

        public Duration delay() {
            return Duration.ofMinutes(5);
        }

        public int maxTargets() {
            return 10;
        }

        public Duration idleAfter() {
            return Duration.ofMinutes(5);
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = SshServer.start(dir);
        bed = SshTestbed.on(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        bed.close();
        server.close();
    }

    private String leaseError(SshExecParams target, Login login) throws Exception {
        try (SshConnectionPool.Lease lease = pool.lease(target, login)) {
            throw new AssertionError("the lease was granted");
        } catch (TaskFailure e) {
            return e.error().code();
        }
    }

    private SshExecParams at(int port) {
        return new SshExecParams("127.0.0.1", port, server.user, null, SshTestbed.ref("user-key"), null, null, null,
                null, "true", null, null, null);
    }

    @Test
    void twoFailedConnectionsOpenTheTargetsBreakerAndTheNextLeaseFailsFast() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Login login = new Login("not-the-password", List.of(), "password");

        assertThat(leaseError(at(closed), login)).isEqualTo("SSH_CONNECTION_FAILED");
        assertThat(leaseError(at(closed), login)).isEqualTo("SSH_CONNECTION_FAILED");
        assertThat(leaseError(at(closed), login)).isEqualTo("CIRCUIT_OPEN");

        assertThat(breakers.all()).singleElement().satisfies(b -> {
            assertThat(b.target()).isEqualTo("127.0.0.1:" + closed + ":" + server.user);
            assertThat(b.state()).isEqualTo(Breaker.State.OPEN);
        });
    }

    @Test
    void refusedLoginsAreNoFailuresOfTheHost() throws Exception {
        Login wrong = new Login("not-the-password", List.of(), "password");
        for (int i = 0; i < 3; i++) {
            assertThat(leaseError(at(server.port), wrong)).isEqualTo("SSH_AUTHENTICATION_FAILED");
        }
        assertThat(breakers.all()).singleElement()
                .satisfies(b -> assertThat(b.state()).isEqualTo(Breaker.State.CLOSED));
    }
}
