package io.queuemgr.dispatch;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jboss.logging.Logger;

import io.queuemgr.task.Task;

/**
 * One run of a task on this instance: its {@link RunState}, the commands that move it (pause, resume, stop,
 * release), its timeout clock, which stands still while the state holds it, and its snapshots and log lines.
 */
final class Run {

    private static final Logger LOG = Logger.getLogger(Run.class);

    private final RunSnapshots snapshots;
    private final RunLogs logs;
    private final Clock clock;
    private final List<Runnable> cancelActions = new CopyOnWriteArrayList<>();
    /** Completes once this run's outcome is on Kafka (or fails when the run was left for redelivery). */
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private volatile RunState state = RunState.RUNNING;
    private Runnable pauseAction;
    private Runnable resumeAction;
    private Deadline deadline;
    /** What a stop does after the cancel actions once the executor runs (a forced end); read and set under the lock. */
    private Runnable stopHook;

    Run(RunSnapshots snapshots, RunLogs logs, Clock clock) {
        this.snapshots = snapshots;
        this.logs = logs;
        this.clock = clock;
    }

    RunState state() {
        return state;
    }

    RunSnapshots snapshots() {
        return snapshots;
    }

    RunLogs logs() {
        return logs;
    }

    /** Completes once this run's outcome is on Kafka; fails when the run was left for another instance. */
    CompletableFuture<Void> settled() {
        return settled;
    }

    /** Runs the action when the run is stopped from outside; at once if it already was. */
    void onCancel(Runnable action) {
        cancelActions.add(action);
        if (state.isStopping()) {
            action.run();
        }
    }

    /** How to pause and resume the executor; a pause asked for before is carried out now. */
    void onPause(Runnable pause, Runnable resume) {
        boolean due;
        synchronized (this) {
            pauseAction = pause;
            resumeAction = resume;
            due = state == RunState.PAUSE_ASKED;
        }
        if (due) {
            pause();
        }
    }

    /**
     * How a stop is carried out once the executor runs, after its cancel actions. A cancel or timeout that came while
     * the executor was being started runs it now: the executor would otherwise run on past the stop.
     */
    void onStop(Runnable hook) {
        synchronized (this) {
            stopHook = hook;
            if (state != RunState.CANCELLING && state != RunState.TIMING_OUT) {
                return;
            }
        }
        runStopHook();
    }

    synchronized void awaitWorker() {
        move(RunState.AWAITING_WORKER);
    }

    /** A pull worker leased the task: RUNNING on that worker, with the clock running. */
    void claimed(String workerId) {
        synchronized (this) {
            if (state != RunState.AWAITING_WORKER) {
                return;
            }
            move(RunState.RUNNING);
        }
        snapshots.update(t -> t.claimedBy(workerId, clock.instant()));
    }

    /** Starts the task's timeout now, unless the run's state holds it; moves stop and restart it from then on. */
    synchronized void startClock(Deadline timeout) {
        deadline = timeout;
        if (!state.holdsClock()) {
            timeout.arm();
        }
    }

    /**
     * Publishes the RUNNING snapshot unless the executor already published a later one, or the task waits for a
     * pull worker. Called once the executor has been started and has not finished at once: a task that ends while
     * being started goes straight from PENDING to its final snapshot, which carries its start time.
     */
    synchronized void announce() {
        if (state != RunState.AWAITING_WORKER) {
            snapshots.publishCurrent();
        }
    }

    /**
     * Pauses the run: the executor's pause action, then the PAUSED snapshot. A pause asked for before the executor
     * could take it is carried out once it registers how. Blocks while the action runs (a {@code kill}).
     */
    synchronized void pause() {
        if (state != RunState.RUNNING && state != RunState.PAUSE_ASKED) {
            return;
        }
        if (pauseAction == null) {
            move(RunState.PAUSE_ASKED);
            return;
        }
        pauseAction.run();
        move(RunState.PAUSED);
        snapshots.update(t -> t.status().isPaused() || t.status().isFinal() ? t : t.pause(clock.instant()));
    }

    /** Resumes a paused run (RUNNING again), or forgets a pause not carried out yet. */
    synchronized void resume() {
        if (state == RunState.PAUSE_ASKED) {
            move(RunState.RUNNING);
        } else if (state == RunState.PAUSED) {
            resumeAction.run();
            move(RunState.RUNNING);
            snapshots.update(t -> t.status().isPaused() ? t.resume(clock.instant()) : t);
        }
    }

    /** Stops the run for the reason the state names (the first reason wins): cancel actions, then the stop hook. */
    void stop(RunState reason) {
        if (stopOnly(reason, false)) {
            runStopHook();
        }
    }

    /** The stop hook, once at most, by whichever of {@link #stop} and {@link #onStop} comes second. */
    private void runStopHook() {
        Runnable hook;
        synchronized (this) {
            hook = stopHook;
            stopHook = null;
        }
        if (hook != null) {
            hook.run();
        }
    }

    /** Drops a paused process without an outcome: another instance took its task over. False if not paused. */
    boolean release() {
        return stopOnly(RunState.HANDING_OVER, true);
    }

    /** Leaves the task to another instance (shutdown): its cancel actions run, and no outcome is published. */
    void handOver() {
        stopOnly(RunState.HANDING_OVER, false);
    }

    /** Moves to a stopping state and runs the executor's cancel actions, once, whatever thread asks. */
    private boolean stopOnly(RunState reason, boolean onlyIfPaused) {
        synchronized (this) {
            if (!reason.isStopping() || onlyIfPaused && state != RunState.PAUSED || !move(reason)) {
                return false;
            }
        }
        for (Runnable action : cancelActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warnf("A cancel action of task %s failed: %s", snapshots.current().id(), e.getMessage());
            }
        }
        return true;
    }

    /**
     * Ends the run: from now on no command applies and no change is published. Answers the state it ended in (a
     * stop reason, or where the executor ended by itself) and the snapshot the attempt left.
     */
    synchronized Ended finish() {
        RunState last = state;
        move(RunState.FINISHING);
        return new Ended(last, snapshots.close());
    }

    /** The state a run ended in and the snapshot it left. */
    record Ended(RunState state, Task task) {
    }

    /** Moves to the next state if the table allows; the clock stands still in a state that holds it. */
    private boolean move(RunState next) {
        RunState from = state;
        if (!from.canMoveTo(next)) {
            return false;
        }
        state = next;
        if (deadline != null && !next.isStopping() && from.holdsClock() != next.holdsClock()) {
            if (next.holdsClock()) {
                deadline.suspend();
            } else {
                deadline.arm();
            }
        }
        return true;
    }
}
