package io.queuemgr.executor.ssh;

import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.sshd.client.session.ClientSession;

import io.queuemgr.executor.Breakers;
import io.queuemgr.executor.Unwell;
import io.queuemgr.task.TaskFailure;

/**
 * Authenticated sessions kept open between tasks, per host, port, user, credential and known-hosts file. A task
 * leases a session for itself and gives it back; at most {@code max-connections-per-target} exist per target, and a
 * session unused for {@code idle-timeout} is closed. Leasing blocks while the target is at its limit: call it from a
 * task's virtual thread (a cancel interrupts the wait). Opening a session goes through the circuit breaker of the
 * host, port and user, which failed connections open; failed logins and refused host keys do not count.
 */
@ApplicationScoped
public class SshConnectionPool {

    record Target(String host, int port, String username, String identity, String knownHosts) {
    }

    private record Idle(ClientSession session, long since) {
    }

    /** Only a connection that failed or broke off says the host is unwell; a refused login or host key does not. */
    private static final Unwell<ClientSession> UNWELL = Unwell.when(e -> e instanceof TaskFailure f
            && SshErrors.SSH_CONNECTION_FAILED.name().equals(f.error().code()));

    private final SshSessions sessions;
    private final SshConfig config;
    private final Breakers breakers;
    private final Map<Target, Slots> targets = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private ScheduledExecutorService sweeper;

    public SshConnectionPool(SshSessions sessions, SshConfig config, Breakers breakers) {
        this.sessions = sessions;
        this.config = config;
        this.breakers = breakers;
    }

    /** A session to the task's target, open and logged in, reused when one is idle. */
    Lease lease(SshTarget target, Login login) throws InterruptedException, InterruptedIOException {
        startSweeping();
        Target key = new Target(target.host(), target.portOr22(), target.username(), login.identity(),
                String.valueOf(target.knownHosts()));
        Slots slots = targets.computeIfAbsent(key, k -> new Slots());
        slots.permits.acquire();
        try {
            ClientSession session = slots.takeOpen();
            if (session == null) {
                session = open(target, login);
                opened.incrementAndGet();
            }
            return new Lease(slots, session);
        } catch (InterruptedIOException | RuntimeException e) {
            slots.permits.release();
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

    /** How many sessions the pool has opened since it started. */
    long opened() {
        return opened.get();
    }

    /** How many sessions wait unused. */
    int idle() {
        return targets.values().stream().mapToInt(Slots::idleCount).sum();
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
        targets.values().forEach(slots -> slots.closeIdleSince(oldest));
    }

    @PreDestroy
    synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        targets.values().forEach(slots -> slots.closeIdleSince(Long.MAX_VALUE));
    }

    /** One target's permits and its idle sessions, newest first. */
    private final class Slots {

        final Semaphore permits = new Semaphore(config.maxConnectionsPerTarget(), true);
        private final Deque<Idle> idle = new ArrayDeque<>();

        synchronized ClientSession takeOpen() {
            for (Idle next; (next = idle.pollFirst()) != null;) {
                if (next.session().isOpen() && !next.session().isClosing()) {
                    return next.session();
                }
                next.session().close(true);
            }
            return null;
        }

        synchronized void giveBack(ClientSession session) {
            idle.addFirst(new Idle(session, System.nanoTime()));
        }

        synchronized int idleCount() {
            return idle.size();
        }

        synchronized void closeIdleSince(long oldest) {
            idle.removeIf(i -> {
                boolean old = i.since() - oldest < 0 || oldest == Long.MAX_VALUE || !i.session().isOpen();
                if (old) {
                    i.session().close(true);
                }
                return old;
            });
        }
    }

    /** A session lent to one task; closing the lease gives it back, or closes it when it broke. */
    final class Lease implements AutoCloseable {

        private final Slots slots;
        private final ClientSession session;
        private volatile boolean broken;

        private Lease(Slots slots, ClientSession session) {
            this.slots = slots;
            this.session = session;
        }

        ClientSession session() {
            return session;
        }

        /** The session must not be reused (a transfer broke off in the middle). */
        void discard() {
            broken = true;
        }

        @Override
        public void close() {
            if (broken || !session.isOpen() || session.isClosing()) {
                session.close(true);
            } else {
                slots.giveBack(session);
            }
            slots.permits.release();
        }
    }
}
