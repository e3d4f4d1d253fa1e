package io.queuemgr.dispatch;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one run of a task on this instance stands, and the one table of moves between those states. A move the
 * table does not allow is a command that came too late (a resume after a cancel, a cancel after the outcome): it
 * is ignored.
 */
enum RunState {
    /** The executor is being started or runs. */
    RUNNING,
    /** An external task waits for a pull worker to lease it: nothing is announced and its timeout stands still. */
    AWAITING_WORKER,
    /** A pause came before the executor said how to pause; it is carried out when the executor does. */
    PAUSE_ASKED,
    /** The process is stopped where it is; the timeout stands still. */
    PAUSED,
    /** Stopped at its timeout: the attempt ends TIMEOUT, or is retried. */
    TIMING_OUT,
    /** Stopped because someone cancelled the task: it ends CANCELLED. */
    CANCELLING,
    /** Stopped because this instance leaves the task to another (shutdown, release): no outcome is published. */
    HANDING_OVER,
    /** The executor ended and the outcome is decided; commands no longer apply. */
    FINISHING;

    private static final Set<RunState> STOPS = EnumSet.of(TIMING_OUT, CANCELLING, HANDING_OVER);
    private static final Map<RunState, Set<RunState>> MOVES = new EnumMap<>(RunState.class);

    static {
        Set<RunState> ends = EnumSet.copyOf(STOPS);
        ends.add(FINISHING);
        MOVES.put(RUNNING, with(ends, AWAITING_WORKER, PAUSE_ASKED, PAUSED));
        MOVES.put(AWAITING_WORKER, with(ends, RUNNING));
        MOVES.put(PAUSE_ASKED, with(ends, RUNNING, PAUSED, AWAITING_WORKER));
        MOVES.put(PAUSED, with(ends, RUNNING));
        // The first reason to stop wins.
        for (RunState stop : STOPS) {
            MOVES.put(stop, EnumSet.of(FINISHING));
        }
        MOVES.put(FINISHING, EnumSet.noneOf(RunState.class));
    }

    private static Set<RunState> with(Set<RunState> base, RunState first, RunState... more) {
        Set<RunState> all = EnumSet.of(first, more);
        all.addAll(base);
        return all;
    }

    boolean canMoveTo(RunState next) {
        return MOVES.get(this).contains(next);
    }

    /** The task's timeout does not run in this state. */
    boolean holdsClock() {
        return this == PAUSED || this == AWAITING_WORKER;
    }

    /** Stopped from outside, for the reason the state names. */
    boolean isStopping() {
        return STOPS.contains(this);
    }
}
