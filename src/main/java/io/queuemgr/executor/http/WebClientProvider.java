package io.queuemgr.executor.http;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/** The one reactive HTTP client shared by the HTTP-based executors (pooled connections, no blocking). */
@ApplicationScoped
public class WebClientProvider {

    private final WebClient client;

    public WebClientProvider(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("queuemgr")
                .setFollowRedirects(true)
                .setConnectTimeout(10_000)
                .setMaxPoolSize(64));
    }

    public WebClient client() {
        return client;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
