package io.queuemgr.config;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Keeps an in-memory copy of a table fresh on every instance: it reloads when PostgreSQL's NOTIFY on its channel
 * arrives, on every reconnect of the listening connection, and every {@code every} to cover a notification missed
 * while that connection was down. One reload runs at a time; a request during one runs one more after it, so a
 * change announced while a reload was reading is never missed.
 */
public final class NotifiedReload {

    private static final Logger LOG = Logger.getLogger(NotifiedReload.class);

    private final Vertx vertx;
    private final PgListening listening;
    private final String channel;
    private final Duration every;
    private final String what;
    private final Supplier<Uni<Void>> reload;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private long timer = -1;
    private Runnable unlisten;

    NotifiedReload(Vertx vertx, PgListening listening, String channel, Duration every, String what,
            Supplier<Uni<Void>> reload) {
        this.vertx = vertx;
        this.listening = listening;
        this.channel = channel;
        this.every = every;
        this.what = what;
        this.reload = reload;
    }

    /** Loads once and starts listening; ends once the first load is in. */
    public Uni<Void> start() {
        unlisten = listening.listen(channel, this::reloadSoon, payload -> reloadSoon());
        timer = vertx.setPeriodic(every.toMillis(), id -> reloadSoon());
        return reload.get();
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (unlisten != null) {
            unlisten.run();
        }
    }

    /** Reloads now, or right after the reload that is running. */
    public void reloadSoon() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        reload.get().subscribe().with(v -> done(), e -> {
            LOG.warnf("Reloading the %s failed: %s", what, e.getMessage());
            done();
        });
    }

    private void done() {
        running.set(false);
        if (again.getAndSet(false)) {
            reloadSoon();
        }
    }
}
