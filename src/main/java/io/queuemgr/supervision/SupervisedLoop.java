package io.queuemgr.supervision;

import java.time.Duration;

import org.jboss.logging.Logger;

/**
 * One long-lived loop of the service on a thread of its own. When a session of the loop ends on an error, the loop is
 * restarted after a backoff that doubles with each failure in a row; past a limit it gives up, which takes the
 * instance's liveness down so that Kubernetes or systemd restarts it. A session cleans up after itself (closes its
 * consumer), so that the next one starts from what was committed and no record is lost or skipped.
 */
public final class SupervisedLoop {

    private static final Logger LOG = Logger.getLogger(SupervisedLoop.class);

    /** Where a loop stands, as health checks and metrics report it. */
    public enum State {
        /** Started, not yet through its first round. */
        STARTING,
        RUNNING,
        /** Ended on an error, waiting for its restart. */
        RESTARTING,
        /** Failed too often in a row; the instance needs a restart. */
        FAILED,
        STOPPED
    }

    /** The body of a loop: runs until {@link SupervisedLoop#active()} turns false, or throws. */
    @FunctionalInterface
    public interface Session {
        void run(SupervisedLoop loop) throws Exception;
    }

    private final String name;
    private final Session session;
    private final LoopSupervisor supervisor;
    private final Object pause = new Object();
    private volatile State state = State.STOPPED;
    private volatile boolean stopping = true;
    private volatile Throwable lastError;
    private volatile long restarts;
    private volatile long runningSince;
    private Thread thread;

    SupervisedLoop(String name, Session session, LoopSupervisor supervisor) {
        this.name = name;
        this.session = session;
        this.supervisor = supervisor;
    }

    public String name() {
        return name;
    }

    public State state() {
        return state;
    }

    /** How often the loop has been restarted after an error since the instance started. */
    public long restarts() {
        return restarts;
    }

    public Throwable lastError() {
        return lastError;
    }

    public synchronized void start() {
        if (!stopping) {
            return;
        }
        stopping = false;
        state = State.STARTING;
        thread = Thread.ofPlatform().name("queuemgr-" + name).start(this::supervise);
    }

    /** Whether the session should go on; false once the loop is asked to stop. */
    public boolean active() {
        return !stopping;
    }

    /**
     * Called by the session once a round: the loop counts as running from its first round on. A fault armed for this
     * loop (see {@link LoopSupervisor#injectFault}) is thrown here.
     */
    public void checkpoint() {
        RuntimeException fault = supervisor.faultFor(name);
        if (fault != null) {
            throw fault;
        }
        if (state != State.RUNNING && !stopping) {
            runningSince = System.nanoTime();
            state = State.RUNNING;
        }
    }

    /**
     * Stops the loop: clears the flag its session watches, runs {@code wake} to get the session out of a blocking
     * call (a consumer's wakeup), and waits up to {@code atMost} for the thread to end; answers whether it ended.
     */
    public boolean stop(Runnable wake, Duration atMost) {
        Thread t;
        synchronized (this) {
            stopping = true;
            t = thread;
        }
        synchronized (pause) {
            pause.notifyAll();
        }
        if (wake != null) {
            wake.run();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(atMost.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return t == null || !t.isAlive();
    }

    private void supervise() {
        int failuresInARow = 0;
        while (!stopping) {
            try {
                session.run(this);
                if (stopping) {
                    break;
                }
                throw new IllegalStateException("the loop ended without being asked to stop");
            } catch (Throwable e) {
                if (stopping) {
                    break; // how a session leaves when woken to stop
                }
                if (e instanceof VirtualMachineError fatal) {
                    state = State.FAILED;
                    throw fatal;
                }
                lastError = e;
                restarts++;
                boolean ranAWhile = state == State.RUNNING
                        && System.nanoTime() - runningSince >= supervisor.healthyAfter().toNanos();
                failuresInARow = ranAWhile ? 1 : failuresInARow + 1;
                if (failuresInARow > supervisor.maxFailuresInARow()) {
                    state = State.FAILED;
                    LOG.errorf(e, "The %s loop failed %d times in a row and is given up; liveness is down so that "
                            + "the instance is restarted", name, failuresInARow);
                    return;
                }
                state = State.RESTARTING;
                long delay = supervisor.backoff(failuresInARow).toMillis();
                LOG.errorf(e, "The %s loop stopped on an error; it restarts in %d ms (failure %d in a row)", name,
                        delay, failuresInARow);
                waitFor(delay);
                if (!stopping) {
                    state = State.STARTING;
                }
            }
        }
        state = State.STOPPED;
    }

    private void waitFor(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (pause) {
            long left;
            while (!stopping && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
                try {
                    pause.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
