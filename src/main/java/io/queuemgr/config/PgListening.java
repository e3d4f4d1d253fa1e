package io.queuemgr.config;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    /** A subscriber that reconnects every second after losing its connection; connect it once channels are set. */
    public PgSubscriber subscriber() {
        return PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1000L);
    }
}
