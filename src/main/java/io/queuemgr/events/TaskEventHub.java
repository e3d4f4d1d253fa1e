package io.queuemgr.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.error.ApiException;
import io.queuemgr.registry.HeldPartitions;
import io.queuemgr.registry.StatusChange;
import io.queuemgr.registry.StatusListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Takes what the registry reader reads from the status topic and hands it, a poll at a time, to the fan-out's own
 * event loop: the reader's thread only appends to a list, whatever the watchers cost, so neither the registry nor
 * dispatch waits on them. No watcher adds a Kafka consumer or a fetch. With split holding the registry reads only
 * its share of the topic, so {@link EveryStatusPartition} reads all of it for the watchers instead, and what the
 * registry tells is ignored.
 */
@Singleton
public class TaskEventHub implements StatusListener {

    private static final Logger LOG = Logger.getLogger(TaskEventHub.class);
    /** Changes handed over at most at once, so that a long poll reaches the watchers in steps. */
    private static final int BATCH = 500;

    private final EventsConfig config;
    private final Vertx vertx;
    private final FanOut fanOut;
    /** Whether the changes come from {@link EveryStatusPartition} rather than from the registry's reader. */
    private final boolean ownReader;
    /** With its own reader: whether that reader has placed the hub at the topic's ends. Guarded by this. */
    private boolean placed;
    /** What the reader has passed: a watcher that joins now gets everything after this live. Guarded by this. */
    private final StreamPosition read = StreamPosition.origin();
    /** Changes read and not handed over yet, gathered only while someone watches. Guarded by this. */
    private List<StatusChange> pending = new ArrayList<>();
    private int watching;
    private Context context;
    private long heartbeatTimer = -1;

    @Inject
    public TaskEventHub(EventsConfig config, Vertx vertx, MeterRegistry meters, HeldPartitions held) {
        this(config, vertx, meters, held.wanted());
    }

    TaskEventHub(EventsConfig config, Vertx vertx, MeterRegistry meters, boolean ownReader) {
        this.config = config;
        this.ownReader = ownReader;
        this.vertx = vertx;
        Gauge.builder("queuemgr.events.watchers", this, TaskEventHub::watching)
                .description("Connections following GET /api/events on this instance").register(meters);
        Counter dropped = Counter.builder("queuemgr.events.dropped")
                .description("Watchers of GET /api/events dropped for falling behind").register(meters);
        this.fanOut = new FanOut(dropped::increment);
    }

    private synchronized double watching() {
        return watching;
    }

    @PostConstruct
    void startHeartbeats() {
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> heartbeatTimer = vertx.setPeriodic(config.heartbeat().toMillis(),
                id -> fanOut.heartbeat()));
    }

    @PreDestroy
    synchronized void stop() {
        context.runOnContext(v -> {
            vertx.cancelTimer(heartbeatTimer);
            fanOut.endAll("the service is stopping; reconnect with Last-Event-ID to resume");
        });
    }

    /**
     * Joins a watcher made from the position where it joins: it gets every change read after that position. The
     * position is captured under the reader's lock and handed over in order with the changes, so that a replay up to
     * it and the live changes after it meet without a gap or an overlap.
     */
    synchronized Watcher join(Function<StreamPosition, Watcher> joiningAt) {
        refuseUntilPlaced();
        handOver();
        Watcher watcher = joiningAt.apply(read.copy());
        watching++;
        context.runOnContext(v -> fanOut.join(watcher));
        return watcher;
    }

    synchronized void leave(Watcher watcher) {
        watching--;
        context.runOnContext(v -> fanOut.leave(watcher));
    }

    @Override
    public synchronized void read(int partition, long offset, Supplier<StatusChange> changes) {
        if (!ownReader) {
            take(partition, offset, changes);
        }
    }

    @Override
    public synchronized void restoredTo(int partition, long next) {
        if (!ownReader) {
            startsAt(partition, next);
        }
    }

    @Override
    public synchronized void polled() {
        if (!ownReader) {
            taken();
        }
    }

    /** Whether the changes come from the hub's own reader of every status partition, not from the registry's. */
    boolean readsOnItsOwn() {
        return ownReader;
    }

    /** The record at this position has been read. */
    synchronized void take(int partition, long offset, Supplier<StatusChange> changes) {
        read.pass(partition, offset);
        if (watching == 0) {
            return;
        }
        try {
            StatusChange change = changes.get();
            if (change != null) {
                pending.add(change);
            }
        } catch (RuntimeException e) {
            LOG.debugf("No event for the unreadable record at %d@%d: %s", partition, offset, e.getMessage());
        }
        if (pending.size() >= BATCH) {
            handOver();
        }
    }

    /**
     * A poll's records while no one watches: only where each partition was read to counts ({@code lastOffsets}, by
     * partition). Answers false, and passes nothing, while someone watches: each record is then taken in turn.
     */
    synchronized boolean passedUnwatched(Map<Integer, Long> lastOffsets) {
        if (watching != 0) {
            return false;
        }
        lastOffsets.forEach(read::pass);
        return true;
    }

    /** The partition counts as read up to {@code next}: reading goes on from there. */
    synchronized void startsAt(int partition, long next) {
        if (next > 0) {
            read.pass(partition, next - 1);
        }
    }

    /**
     * Refuses a watcher (503) while the hub's own reader does not know where the topic ends yet: a position given
     * now would leave a gap to where it starts. Called before the stream's answer begins, and again on joining.
     */
    synchronized void refuseUntilPlaced() {
        if (ownReader && !placed) {
            throw new ApiException(503, "starting", "Service unavailable", "Task events are not followed yet: this "
                    + "instance is starting; connect again in a few seconds", List.of());
        }
    }

    synchronized boolean isPlaced() {
        return placed;
    }

    /** Its own reader has placed the hub where it starts reading: watchers may join. */
    synchronized void placed() {
        placed = true;
    }

    /** The records of one poll have all been taken. */
    synchronized void taken() {
        if (!pending.isEmpty()) {
            handOver();
        }
    }

    private void handOver() {
        List<StatusChange> batch = pending;
        StreamPosition readTo = read.copy();
        pending = new ArrayList<>();
        context.runOnContext(v -> fanOut.batch(batch, readTo));
    }
}
