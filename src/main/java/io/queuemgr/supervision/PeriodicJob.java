package io.queuemgr.supervision;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A guarded job (see {@link LoopSupervisor#guard}) run at a fixed delay on a daemon thread of its own, from
 * {@link #start} until {@link #stop}: the shape of the service's sweeps.
 */
public final class PeriodicJob {

    private final String name;
    private final Duration every;
    private final Runnable guarded;
    private ScheduledExecutorService timer;

    PeriodicJob(String name, Duration every, Runnable guarded) {
        this.name = name;
        this.every = every;
        this.guarded = guarded;
    }

    /** Runs the job first one interval from now, then one interval after each run ends. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("queuemgr-" + name).daemon().factory());
        long millis = every.toMillis();
        timer.scheduleWithFixedDelay(guarded, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the timer and interrupts a run under way. */
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
