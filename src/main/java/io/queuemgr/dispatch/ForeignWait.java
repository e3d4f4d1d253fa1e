package io.queuemgr.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.queuemgr.task.Task;

/**
 * A work record held here for a task's run on another worker ({@link ForeignRuns}): the state of the task last seen
 * there, when its runner last showed that it still runs it, and how the wait ends.
 */
final class ForeignWait {

    private final AtomicReference<Task> seen;
    private final boolean onInstance;
    private final AtomicLong word;
    private final long leaseMillis;
    private final AtomicBoolean heard = new AtomicBoolean();
    private final AtomicBoolean askedOnce = new AtomicBoolean();
    private final CompletableFuture<Long> ended = new CompletableFuture<>();

    /**
     * {@code onInstance}: the worker is an instance, not a pull worker; {@code now}: when the wait begins;
     * {@code leaseMillis}: how long a runner may stay quiet before its task runs elsewhere.
     */
    ForeignWait(Task seen, boolean onInstance, long now, long leaseMillis) {
        this.seen = new AtomicReference<>(seen);
        this.leaseMillis = leaseMillis;
        this.onInstance = onInstance;
        this.word = new AtomicLong(now);
    }

    /** The task as last seen under way on its worker. */
    Task seen() {
        return seen.get();
    }

    /** The task moved on but is still under way on the same worker: that is word from its runner too. */
    void progressed(Task newest, long now) {
        seen.set(newest);
        spoke(now);
    }

    /** Its runner showed at {@code now} that it still runs the task. */
    void spoke(long now) {
        word.accumulateAndGet(now, Math::max);
        heard.set(true);
    }

    long quietFor(long now) {
        return now - word.get();
    }

    /** Whether its runner has been quiet for the whole lease. */
    boolean leaseOver(long now) {
        return quietFor(now) >= leaseMillis;
    }

    /** A runner on an instance never heard from, quiet for half the lease: it may be out of the group altogether. */
    boolean mayBeGone(long now) {
        return onInstance && !heard.get() && quietFor(now) >= leaseMillis / 2;
    }

    /** Whether the dispatch group should be asked about its runner: quiet for the lease, or maybe gone. */
    boolean worthAsking(long now) {
        return leaseOver(now) || mayBeGone(now) && !askedOnce.get();
    }

    /** The group was asked, and still had the runner, before the lease ran out. */
    void asked() {
        askedOnce.set(true);
    }

    /** Completes with {@link ForeignRuns#LOOK_AGAIN}, or with the version whose run went quiet. */
    CompletableFuture<Long> ended() {
        return ended;
    }
}
