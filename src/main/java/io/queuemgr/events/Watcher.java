package io.queuemgr.events;

import java.util.concurrent.ArrayBlockingQueue;

import io.queuemgr.registry.StatusChange;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.BackPressureFailure;

/**
 * One connected watcher as the hub sees it: its filter, the position of the topic when it joined, and its bounded
 * buffer of live changes, which fills while it replays or reads slowly. Fed by the hub under the hub's lock only.
 */
final class Watcher {

    private static final int HOP = 16;

    private final EventFilter filter;
    private final StreamPosition joinedAt;
    private final ArrayBlockingQueue<Feed> buffer;
    private final UnicastProcessor<Feed> live;
    private boolean dropped;

    Watcher(EventFilter filter, StreamPosition joinedAt, int capacity) {
        this.filter = filter;
        this.joinedAt = joinedAt;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.live = UnicastProcessor.create(buffer, () -> {
        });
    }

    /** The topic's position when the watcher joined: everything from there on comes live. */
    StreamPosition joinedAt() {
        return joinedAt.copy();
    }

    /**
     * The live changes, handed to worker threads so that writing them to the connection never runs on the registry
     * reader's thread. The hop takes a few at a time, so the watcher's bound stays near its buffer's size.
     */
    Multi<Feed> live() {
        return live.emitOn(Infrastructure.getDefaultWorkerPool(), HOP);
    }

    boolean wants(StatusChange change) {
        return filter.matches(change);
    }

    /** Hands over a change or heartbeat; answers false once the watcher has been dropped for being too slow. */
    boolean offer(Feed feed) {
        if (dropped) {
            return false;
        }
        if (buffer.remainingCapacity() == 0) {
            dropped = true;
            live.onError(new BackPressureFailure("more than " + buffer.size() + " changes waiting"));
            return false;
        }
        live.onNext(feed);
        return true;
    }

    void close() {
        live.onComplete();
    }
}
