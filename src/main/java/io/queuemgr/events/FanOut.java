package io.queuemgr.events;

import java.util.ArrayList;
import java.util.List;

import io.queuemgr.registry.StatusChange;

/**
 * Hands each batch of changes to the watchers, on one event loop of its own and never on the registry reader's
 * thread: each change is encoded at most once, and each watcher's connection is written once per batch. Used on
 * its own context only, so it needs no lock.
 */
final class FanOut {

    static final String FELL_BEHIND = "dropped: this watcher fell behind; reconnect with Last-Event-ID to resume";

    private final List<Watcher> watchers = new ArrayList<>();
    /** Told of each watcher dropped for falling behind. */
    private final Runnable dropped;
    /** The position after the last change handed out: the id every watcher that gets it is given. */
    private final StreamPosition sent = StreamPosition.origin();
    private final Watcher.SharedFrame shared = new Watcher.SharedFrame();

    FanOut(Runnable dropped) {
        this.dropped = dropped;
    }

    void batch(List<StatusChange> changes, StreamPosition readTo) {
        for (StatusChange change : changes) {
            sent.pass(change.partition(), change.offset());
            shared.reset(change, sent);
            watchers.removeIf(w -> !w.offer(change, shared) && drop(w));
        }
        // Records with no change to show (tombstones, unreadable ones, or read while nobody watched) are passed too.
        sent.pass(readTo);
        watchers.forEach(Watcher::flushSoon);
    }

    void join(Watcher watcher) {
        watchers.add(watcher);
    }

    void leave(Watcher watcher) {
        watchers.remove(watcher);
    }

    void heartbeat() {
        watchers.removeIf(w -> !w.heartbeat() && drop(w));
        watchers.forEach(Watcher::flushSoon);
    }

    void endAll(String reason) {
        watchers.forEach(w -> w.end(reason));
        watchers.clear();
    }

    int size() {
        return watchers.size();
    }

    private boolean drop(Watcher watcher) {
        watcher.end(FELL_BEHIND);
        dropped.run();
        return true;
    }
}
