package io.queuemgr.dispatch;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A task's timeout, which does not count the time its run spends paused or waiting for a pull worker. */
final class Deadline {

    private final ScheduledExecutorService timers;
    private final Runnable expired;
    private long remainingNanos;
    private long armedAt;
    private ScheduledFuture<?> timer;

    Deadline(Duration timeout, ScheduledExecutorService timers, Runnable expired) {
        this.remainingNanos = timeout.toNanos();
        this.timers = timers;
        this.expired = expired;
    }

    /** Lets the clock run on from where it stopped. */
    synchronized void arm() {
        if (timer == null) {
            armedAt = System.nanoTime();
            timer = timers.schedule(expired, Math.max(0, remainingNanos), TimeUnit.NANOSECONDS);
        }
    }

    /** Stops the clock (paused, or ended: the timer goes at once rather than living on for the timeout). */
    synchronized void suspend() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
            remainingNanos -= System.nanoTime() - armedAt;
        }
    }
}
