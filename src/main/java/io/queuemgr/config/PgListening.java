package io.queuemgr.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/** Connections that LISTEN for PostgreSQL notifications, made from the service's reactive datasource settings. */
@Singleton
public class PgListening {

    private final Vertx vertx;
    private final PgConnectOptions options;

    public PgListening(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:")
                ? url.substring("vertx-reactive:".length())
                : url);
        options.setUser(user);
        password.ifPresent(options::setPassword);
    }

    /**
     * An in-memory copy of a table, reloaded by {@code reload} when {@code channel} is notified and every
     * {@code every}; {@code what} names it in log lines.
     */
    public NotifiedReload reloadOn(String channel, Duration every, String what, Supplier<Uni<Void>> reload) {
        return new NotifiedReload(vertx, subscriber(), channel, every, what, reload);
    }

    /** A subscriber that reconnects every second after losing its connection; connect it once channels are set. */
    public PgSubscriber subscriber() {
        return PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1000L);
    }
}
