package io.queuemgr.events;

import java.util.concurrent.Flow;
import java.util.function.Predicate;

import io.queuemgr.registry.StatusChange;
import io.smallrye.mutiny.subscription.MultiSubscriber;

/**
 * Writes what a resuming watcher missed, read back from the status topic, one frame at a time as its connection
 * takes them, numbered with the watcher's own position; then lets its live frames out.
 */
final class ReplayWriter implements MultiSubscriber<StatusChange> {

    private final Predicate<StatusChange> wants;
    private final StreamPosition position;
    private final Outbox outbox;
    private Flow.Subscription subscription;

    ReplayWriter(Predicate<StatusChange> wants, StreamPosition position, Outbox outbox) {
        this.wants = wants;
        this.position = position;
        this.outbox = outbox;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onItem(StatusChange change) {
        if (outbox.ended()) {
            subscription.cancel();
        } else if (position.ahead(change.partition(), change.offset()) && wants.test(change)) {
            position.pass(change.partition(), change.offset());
            outbox.writeNow(EventFrames.of(position.toString(), change), () -> subscription.request(1));
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onFailure(Throwable failure) {
        outbox.end("stream failed; reconnect with Last-Event-ID to resume");
    }

    @Override
    public void onCompletion() {
        outbox.release();
    }
}
