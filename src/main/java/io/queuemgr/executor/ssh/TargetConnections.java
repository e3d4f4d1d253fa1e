package io.queuemgr.executor.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.apache.sshd.client.session.ClientSession;

/**
 * The connections of one target (host, port, user, credential, known hosts) and the tasks on each, guarded by a lock
 * whose waiters are woken when a task ends or a connection opens or goes.
 */
final class TargetConnections {

    /** One connection: its session once open, and the tasks on it. */
    static final class Connection {

        private volatile ClientSession session;
        private int tasks;
        /** The commands it takes at once: the setting, or fewer once its server refused a channel. */
        private int capacity;
        private boolean whole;
        /** Takes no more tasks; closed when its last one ends. */
        private boolean retired;
        private long idleSince;

        ClientSession session() {
            return session;
        }

        private boolean usable() {
            return session != null && !broken();
        }

        private boolean broken() {
            return retired || !session.isOpen() || session.isClosing();
        }
    }

    private final int maxConnections;
    private final int channels;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();
    private final List<Connection> all = new ArrayList<>();

    TargetConnections(int maxConnections, int channelsPerConnection) {
        this.maxConnections = maxConnections;
        this.channels = Math.max(1, channelsPerConnection);
    }

    /**
     * A connection for one more task: for a command the busiest open one with room (so that those in little use go
     * idle and close), for a whole lease one without tasks; else a new one, not yet open, when the target has fewer
     * than its limit, which the caller opens; else waits.
     */
    Connection take(boolean whole) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                dropBroken();
                Connection best = null;
                for (Connection c : all) {
                    boolean room = whole ? c.tasks == 0 : !c.whole && c.tasks < c.capacity;
                    if (c.usable() && room && (best == null || c.tasks > best.tasks)) {
                        best = c;
                    }
                }
                if (best == null && all.size() < maxConnections) {
                    best = new Connection();
                    best.capacity = channels;
                    all.add(best);
                }
                if (best != null) {
                    best.tasks++;
                    best.whole = whole;
                    return best;
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes and forgets open connections that the server or a stopped transfer ended, once no task is on them. */
    private void dropBroken() {
        closeIdleWhere(Connection::broken);
    }

    /** Closes and forgets the open connections without tasks that the test picks; call with the lock held. */
    private void closeIdleWhere(Predicate<Connection> test) {
        all.removeIf(c -> {
            boolean close = c.session != null && c.tasks == 0 && test.test(c);
            if (close) {
                c.session.close(true);
            }
            return close;
        });
    }

    void opened(Connection connection, ClientSession session) {
        lock.lock();
        try {
            connection.session = session;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void failedToOpen(Connection connection) {
        lock.lock();
        try {
            all.remove(connection);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A task on the connection ended; {@code retire} when the connection must not be used again. */
    void release(Connection connection, boolean retire) {
        lock.lock();
        try {
            connection.tasks--;
            connection.whole = false;
            connection.retired |= retire || connection.broken();
            if (connection.tasks == 0) {
                connection.idleSince = System.nanoTime();
                if (connection.retired) {
                    all.remove(connection);
                    connection.session.close(true);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The server refused a channel to a task on the connection: it allows fewer at once than the setting (OpenSSH's
     * MaxSessions). The connection keeps the tasks it has and takes no more than those; true when other tasks were
     * on it, so that another connection may serve the refused one, false when it was alone and the refusal stands.
     */
    boolean refused(Connection connection) {
        lock.lock();
        try {
            boolean shared = connection.tasks > 1;
            connection.capacity = Math.max(1, Math.min(connection.capacity, connection.tasks - 1));
            return shared;
        } finally {
            lock.unlock();
        }
    }

    int idleCount() {
        lock.lock();
        try {
            return (int) all.stream().filter(c -> c.session != null && c.tasks == 0).count();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connections without tasks since before {@code oldest} (System.nanoTime), or all without tasks. */
    void closeIdleSince(long oldest, boolean everyIdle) {
        lock.lock();
        try {
            closeIdleWhere(c -> everyIdle || c.idleSince - oldest < 0 || c.broken());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
