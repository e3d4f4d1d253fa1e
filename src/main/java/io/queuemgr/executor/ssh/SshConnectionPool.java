package io.queuemgr.executor.ssh;

import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.sshd.client.session.ClientSession;

import io.queuemgr.executor.Breakers;
import io.queuemgr.executor.Unwell;
import io.queuemgr.task.TaskFailure;

/**
 * Authenticated connections kept open between tasks, per host, port, user, credential and known-hosts file. At most
 * {@code max-connections-per-target} exist per target. A command ({@link #lease}) runs on a channel of a connection
 * that other commands use at the same time, up to {@code sessions-per-connection} of them; a transfer
 * ({@link #leaseWhole}) has a connection to itself, since stopping it closes the connection. A connection without
 * tasks for {@code idle-timeout} is closed. Leasing blocks while the target has no room: call it from a task's virtual
 * thread (a cancel interrupts the wait). Opening a connection goes through the circuit breaker of the host, port and
 * user, which failed connections open; failed logins and refused host keys do not count.
 */
@ApplicationScoped
public class SshConnectionPool {

    record Target(String host, int port, String username, String identity, String knownHosts) {
    }

    /** Only a connection that failed or broke off says the host is unwell; a refused login or host key does not. */
    private static final Unwell<ClientSession> UNWELL = Unwell.when(e -> e instanceof TaskFailure f
            && SshErrors.SSH_CONNECTION_FAILED.name().equals(f.error().code()));

    private final SshSessions sessions;
    private final SshConfig config;
    private final Breakers breakers;
    private final Map<Target, TargetConnections> targets = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private ScheduledExecutorService sweeper;

    public SshConnectionPool(SshSessions sessions, SshConfig config, Breakers breakers) {
        this.sessions = sessions;
        this.config = config;
        this.breakers = breakers;
    }

    /** A channel's worth of an open, logged-in connection to the task's target, shared with other commands. */
    Lease lease(SshTarget target, Login login) throws InterruptedException, InterruptedIOException {
        return lease(target, login, false);
    }

    /** An open, logged-in connection to the task's target that no other task uses while the lease lasts. */
    Lease leaseWhole(SshTarget target, Login login) throws InterruptedException, InterruptedIOException {
        return lease(target, login, true);
    }

    private Lease lease(SshTarget target, Login login, boolean whole)
            throws InterruptedException, InterruptedIOException {
        startSweeping();
        Target key = new Target(target.host(), target.portOr22(), target.username(), login.identity(),
                String.valueOf(target.knownHosts()));
        TargetConnections connections = targets.computeIfAbsent(key,
                k -> new TargetConnections(config.maxConnectionsPerTarget(), config.sessionsPerConnection()));
        TargetConnections.Connection connection = connections.take(whole);
        if (connection.session() != null) {
            return new Lease(connections, connection);
        }
        try {
            connections.opened(connection, open(target, login));
            opened.incrementAndGet();
            return new Lease(connections, connection);
        } catch (InterruptedIOException | RuntimeException e) {
            connections.failedToOpen(connection);
            throw e;
        }
    }

    private ClientSession open(SshTarget target, Login login) throws InterruptedIOException {
        String breaker = target.host().toLowerCase(java.util.Locale.ROOT) + ":" + target.portOr22() + ":"
                + target.username();
        try {
            return breakers.guardedBlocking(breaker, () -> sessions.open(target, login), UNWELL);
        } catch (InterruptedIOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many connections the pool has opened since it started. */
    long opened() {
        return opened.get();
    }

    /** How many connections are open with no task on them. */
    int idle() {
        return targets.values().stream().mapToInt(TargetConnections::idleCount).sum();
    }

    private synchronized void startSweeping() {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("queuemgr-ssh-idle").factory());
            long every = Math.max(200, config.idleTimeout().toMillis() / 4);
            sweeper.scheduleWithFixedDelay(this::closeIdle, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void closeIdle() {
        long oldest = System.nanoTime() - config.idleTimeout().toNanos();
        targets.values().forEach(c -> c.closeIdleSince(oldest, false));
    }

    @PreDestroy
    synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        targets.values().forEach(c -> c.closeIdleSince(0, true));
    }

    /** A task's use of a connection; closing the lease ends it, and closes the connection if it broke. */
    final class Lease implements AutoCloseable {

        private final TargetConnections connections;
        private final TargetConnections.Connection connection;
        private volatile boolean broken;
        private boolean closed;

        private Lease(TargetConnections connections, TargetConnections.Connection connection) {
            this.connections = connections;
            this.connection = connection;
        }

        ClientSession session() {
            return connection.session();
        }

        /**
         * The server refused this task a channel; true when other tasks were on the connection, which then takes no
         * more than those, so that another connection may serve this task.
         */
        boolean refused() {
            return connections.refused(connection);
        }

        /** The connection must not be reused (a transfer broke off in the middle). */
        void discard() {
            broken = true;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                connections.release(connection, broken);
            }
        }
    }
}
