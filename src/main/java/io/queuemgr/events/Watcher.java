package io.queuemgr.events;

import java.util.function.Predicate;

import io.queuemgr.registry.StatusChange;
import io.vertx.core.buffer.Buffer;

/**
 * One connected watcher as the fan-out sees it: its compiled filter, the position before which it gets nothing live
 * (what it joined after or resumed from), and its outbox. Used on the fan-out's thread only.
 */
final class Watcher {

    private final Predicate<StatusChange> wants;
    private final StreamPosition floor;
    private final boolean ownIds;
    private final Outbox outbox;

    /**
     * {@code ownIds}: the watcher resumed from a position beyond where this instance had read, so the shared ids
     * (this instance's position) would send it back; its outbox numbers its events itself.
     */
    Watcher(Predicate<StatusChange> wants, StreamPosition floor, boolean ownIds, Outbox outbox) {
        this.wants = wants;
        this.floor = floor;
        this.ownIds = ownIds;
        this.outbox = outbox;
    }

    /** Offers a change with its shared frame; false when the watcher is too far behind and must go. */
    boolean offer(StatusChange change, SharedFrame shared) {
        if (!floor.ahead(change.partition(), change.offset()) || !wants.test(change)) {
            return true;
        }
        return ownIds ? outbox.push(change) : outbox.push(shared.frame());
    }

    boolean heartbeat() {
        return outbox.push(EventFrames.HEARTBEAT);
    }

    void flushSoon() {
        outbox.flushSoon();
    }

    void end(String reason) {
        outbox.end(reason);
    }

    /** A change's frame, encoded the first time a watcher wants it and then handed to every other that does. */
    static final class SharedFrame {

        private StatusChange change;
        private StreamPosition after;
        private Buffer frame;

        /** The next change, and the position after it, read when (and only if) a watcher wants the frame. */
        void reset(StatusChange next, StreamPosition positionAfter) {
            change = next;
            after = positionAfter;
            frame = null;
        }

        Buffer frame() {
            if (frame == null) {
                frame = EventFrames.of(after.toString(), change);
            }
            return frame;
        }
    }
}
