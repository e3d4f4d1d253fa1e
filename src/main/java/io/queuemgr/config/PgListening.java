package io.queuemgr.config;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgChannel;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * The instance's one connection that LISTENs for PostgreSQL notifications, made from the service's reactive datasource
 * settings and shared by every channel: one PostgreSQL backend per instance, not one per in-memory copy. It reconnects
 * every second after losing its connection (or failing to make it) and LISTENs again on every channel.
 */
@Singleton
public class PgListening {

    private static final Logger LOG = Logger.getLogger(PgListening.class);
    private static final long RECONNECT_MS = 1000;
    private static final long CLOSE_WAIT_MS = 2000;

    private final Vertx vertx;
    private final PgSubscriber subscriber;
    private final AtomicBoolean connecting = new AtomicBoolean();
    /** Whether a failure to listen was logged as a warning and no connection listened since. */
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile boolean closed;

    public PgListening(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:")
                ? url.substring("vertx-reactive:".length())
                : url);
        options.setUser(user);
        password.ifPresent(options::setPassword);
        // Once closed, a connection lost is not made again.
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> closed ? -1L : RECONNECT_MS);
    }

    /**
     * An in-memory copy of a table, reloaded by {@code reload} when {@code channel} is notified and every
     * {@code every}; {@code what} names it in log lines.
     */
    public NotifiedReload reloadOn(String channel, Duration every, String what, Supplier<Uni<Void>> reload) {
        return new NotifiedReload(vertx, this, channel, every, what, reload);
    }

    /**
     * Listens on {@code channel}: {@code payload} is given each notification's payload, and {@code listening} (may be
     * null) is run each time the LISTEN is in place, at first and after every reconnect, when a notification may have
     * been missed. Answers what stops both (the connection keeps its LISTEN until it closes: an UNLISTEN sent as the
     * service stops would race the connection's close).
     */
    public Runnable listen(String channel, Runnable listening, Consumer<String> payload) {
        AtomicBoolean stopped = new AtomicBoolean();
        PgChannel subscription = subscriber.channel(channel);
        subscription.subscribeHandler(v -> {
            if (closed) {
                // Made after the close: by a connect under way, or the subscriber's reconnection timed before it.
                closeLateConnection();
            } else if (listening != null && !stopped.get()) {
                listening.run();
            }
        });
        subscription.handler(p -> {
            if (!stopped.get()) {
                payload.accept(p);
            }
        });
        if (connecting.compareAndSet(false, true)) {
            connect();
        }
        return () -> {
            stopped.set(true);
            subscription.pause();
        };
    }

    private void connect() {
        Future<Void> attempt;
        synchronized (this) {
            if (closed) {
                return;
            }
            attempt = subscriber.connect();
        }
        // A connection that lands after a close is closed by the channels' subscribe handler (see listen).
        attempt.onSuccess(v -> {
            if (warned.getAndSet(false)) {
                LOG.info("Listening for PostgreSQL's notifications again");
            }
        }).onFailure(e -> {
            String message = "Not listening for PostgreSQL's notifications (%s); trying again every %d ms; meanwhile "
                    + "the in-memory copies are reloaded at their intervals";
            if (warned.getAndSet(true)) {
                LOG.debugf(message, e.getMessage(), RECONNECT_MS);
            } else {
                LOG.warnf(message, e.getMessage(), RECONNECT_MS);
            }
            if (subscriber.actualConnection() != null) {
                // Connected, but the LISTEN failed: the subscriber closes that connection and reconnects by its own
                // policy, listening on every channel again.
                return;
            }
            // A first connection that failed is not tried again by the subscriber itself.
            subscriber.close();
            if (!closed) {
                vertx.setTimer(RECONNECT_MS, id -> {
                    if (!closed) {
                        connect();
                    }
                });
            }
        });
    }

    /**
     * Closes the connection while the event loops still run, after the service's own stop (observers of lower
     * priority) and before Vert.x closes: closed from {@link PreDestroy} alone, the connection's end came after the
     * event loops had shut down, and Netty logged an error for it at every few stops.
     */
    void onStop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) ShutdownEvent event) {
        try {
            closeNow().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("The LISTEN connection did not close cleanly: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void close() {
        closeNow();
    }

    /** A connection that came up after the close (which, finding none, only marked the subscriber closed). */
    private void closeLateConnection() {
        PgConnection late = subscriber.actualConnection();
        if (late != null) {
            late.close();
        }
    }

    private synchronized Future<Void> closeNow() {
        closed = true;
        return subscriber.close();
    }
}
