package io.queuemgr.events;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.registry.StatusChange;
import io.queuemgr.registry.StatusListener;
import io.vertx.core.Vertx;

/**
 * Fans out what the registry reader reads from the status topic to the watchers connected to this instance, in
 * memory: no watcher adds a Kafka consumer or a fetch. Each watcher has a bounded buffer; one that lets it fill is
 * dropped, so that a slow watcher never holds up the reader, the registry or the other watchers.
 */
@Singleton
public class TaskEventHub implements StatusListener {

    private static final Logger LOG = Logger.getLogger(TaskEventHub.class);

    private final EventsConfig config;
    private final Vertx vertx;
    /** What the reader has passed: a watcher that joins now gets everything after this live. Guarded by this. */
    private final StreamPosition read = StreamPosition.origin();
    private final List<Watcher> watchers = new ArrayList<>();
    private long heartbeatTimer = -1;

    public TaskEventHub(EventsConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    @PostConstruct
    void startHeartbeats() {
        heartbeatTimer = vertx.setPeriodic(config.heartbeat().toMillis(), id -> beat());
    }

    @PreDestroy
    synchronized void stop() {
        vertx.cancelTimer(heartbeatTimer);
        watchers.forEach(Watcher::close);
        watchers.clear();
    }

    /**
     * Joins a watcher: from the moment of this call, it is told of every change the reader reads. The position where
     * it joined is captured under the same lock, so that a replay up to it and the live changes after it meet
     * without a gap or an overlap.
     */
    synchronized Watcher join(EventFilter filter) {
        Watcher watcher = new Watcher(filter, read.copy(), config.buffer());
        watchers.add(watcher);
        return watcher;
    }

    synchronized void leave(Watcher watcher) {
        watchers.remove(watcher);
    }

    synchronized int watching() {
        return watchers.size();
    }

    @Override
    public synchronized void read(int partition, long offset, Supplier<StatusChange> changes) {
        read.pass(partition, offset);
        if (watchers.isEmpty()) {
            return;
        }
        StatusChange change;
        try {
            change = changes.get();
        } catch (RuntimeException e) {
            LOG.debugf("No event for the unreadable record at %d@%d: %s", partition, offset, e.getMessage());
            return;
        }
        if (change != null) {
            Feed feed = new Feed.Snapshot(change);
            watchers.removeIf(w -> w.wants(change) && !w.offer(feed));
        }
    }

    private synchronized void beat() {
        watchers.removeIf(w -> !w.offer(Feed.BEAT));
    }
}
