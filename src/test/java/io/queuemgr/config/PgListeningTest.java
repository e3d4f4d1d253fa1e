package io.queuemgr.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The instance listens for PostgreSQL's notifications (queue definitions, schedules, API tokens, instance addresses,
 * pull workers' offers) over one connection, which comes back by itself when PostgreSQL drops it.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class PgListeningTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Inject
    PgListening listening;
    @Inject
    Pool pool;
    @Inject
    Vertx vertx;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    /** The backends of this database whose last statement was a LISTEN: the listening connections. */
    private List<Integer> listeningBackends() {
        return pool.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                + "AND query LIKE 'LISTEN%'").execute().await().atMost(WITHIN).stream()
                .map((Row row) -> row.getInteger("pid")).toList();
    }

    private void notify(String channel, String payload) {
        pool.preparedQuery("SELECT pg_notify($1, $2)").execute(io.vertx.mutiny.sqlclient.Tuple.of(channel, payload))
                .await().atMost(WITHIN);
    }

    @Test
    void everyChannelSharesOneConnection() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger listens = new AtomicInteger();
        Runnable stop = listening.listen("listening_test_shared", listens::incrementAndGet, seen::add);
        try {
            // A notification sent before the LISTEN is in place is not delivered: wait for it first.
            await().atMost(WITHIN).until(() -> listens.get() >= 1);
            notify("listening_test_shared", "one");
            await().atMost(WITHIN).until(() -> seen.contains("one"));
            // Five in-memory copies listen besides this test; one connection serves them all.
            await().atMost(WITHIN).until(() -> listeningBackends().size() == 1);
        } finally {
            stop.run();
        }
    }

    @Test
    void aStoppedListenerGetsNothingMore() {
        List<String> stopped = new CopyOnWriteArrayList<>();
        List<String> going = new CopyOnWriteArrayList<>();
        AtomicInteger stoppedListens = new AtomicInteger();
        AtomicInteger goingListens = new AtomicInteger();
        Runnable stop = listening.listen("listening_test_stopped", stoppedListens::incrementAndGet, stopped::add);
        Runnable other = listening.listen("listening_test_going", goingListens::incrementAndGet, going::add);
        try {
            await().atMost(WITHIN).until(() -> stoppedListens.get() >= 1 && goingListens.get() >= 1);
            notify("listening_test_stopped", "before");
            await().atMost(WITHIN).until(() -> stopped.contains("before"));
            stop.run();
            notify("listening_test_stopped", "after");
            // Notifications arrive in the order they were sent: once the later one is in, the earlier one was handled.
            notify("listening_test_going", "later");
            await().atMost(WITHIN).until(() -> going.contains("later"));
            assertThat(stopped).containsExactly("before");
        } finally {
            other.run();
        }
    }

    @Test
    void aDroppedConnectionComesBackAndListensAgain() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger listens = new AtomicInteger();
        Runnable stop = listening.listen("listening_test_dropped", listens::incrementAndGet, seen::add);
        try {
            await().atMost(WITHIN).until(() -> listens.get() >= 1 && listeningBackends().size() == 1);
            int dropped = listeningBackends().get(0);
            int before = listens.get();
            pool.preparedQuery("SELECT pg_terminate_backend($1)").execute(io.vertx.mutiny.sqlclient.Tuple.of(dropped))
                    .await().atMost(WITHIN);

            // Told when it listens again: a notification sent while it was away may have been missed.
            await().atMost(WITHIN).until(() -> listens.get() > before);
            assertThat(listeningBackends()).hasSize(1).doesNotContain(dropped);
            notify("listening_test_dropped", "back");
            await().atMost(WITHIN).until(() -> seen.contains("back"));
        } finally {
            stop.run();
        }
    }

    @Test
    void aFirstConnectionThatFailsIsTriedAgainUntilPostgresAnswers() throws Exception {
        // PostgreSQL behind a proxy that at first closes every connection it accepts, as a database still starting.
        PgConnectOptions real = PgConnectOptions.fromUri(url);
        AtomicBoolean open = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        NetClient client = vertx.createNetClient();
        NetServer proxy = vertx.createNetServer().connectHandler(socket -> {
            if (!open.get()) {
                refused.incrementAndGet();
                socket.close();
                return;
            }
            socket.pause();
            client.connect(real.getPort(), real.getHost()).onSuccess(upstream -> {
                socket.pipeTo(upstream);
                upstream.pipeTo(socket);
            }).onFailure(e -> socket.close());
        });
        PgListening early = null;
        try {
            int port = proxy.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                    .get(20, TimeUnit.SECONDS).actualPort();
            early = new PgListening(vertx, "postgresql://127.0.0.1:" + port + "/" + real.getDatabase(), user,
                    password);
            List<String> seen = new CopyOnWriteArrayList<>();
            AtomicInteger listens = new AtomicInteger();
            early.listen("listening_test_early", listens::incrementAndGet, seen::add);
            // Tried again after the first failure, not given up on.
            await().atMost(WITHIN).until(() -> refused.get() >= 2);
            assertThat(listens.get()).isZero();
            open.set(true);
            await().atMost(WITHIN).until(() -> listens.get() >= 1);
            notify("listening_test_early", "at last");
            await().atMost(WITHIN).until(() -> seen.contains("at last"));
        } finally {
            if (early != null) {
                early.close();
            }
            // Gone before the next test counts the listening connections.
            await().atMost(WITHIN).until(() -> pool.query("SELECT count(*) AS n FROM pg_stat_activity WHERE query "
                    + "LIKE '%listening_test_early%' AND pid <> pg_backend_pid()").execute().await().atMost(WITHIN)
                    .iterator().next().getLong("n") == 0);
            proxy.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            client.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStoppingServiceClosesTheConnectionAndDoesNotMakeItAgain() {
        PgListening own = new PgListening(vertx, url, user, password);
        PgListening again = null;
        try {
            AtomicInteger listens = new AtomicInteger();
            own.listen("listening_test_stop_one", listens::incrementAndGet, payload -> {
            });
            await().atMost(WITHIN).until(() -> listens.get() >= 1 && backendsOn("listening_test_stop_one") == 1);
            own.onStop(null);
            await().atMost(WITHIN).until(() -> backendsOn("listening_test_stop_one") == 0);

            // Dropped by PostgreSQL just as the service stops: whichever comes first, no connection is left behind
            // or made again.
            again = new PgListening(vertx, url, user, password);
            AtomicInteger againListens = new AtomicInteger();
            PgListening two = again;
            two.listen("listening_test_stop_two", againListens::incrementAndGet, payload -> {
            });
            await().atMost(WITHIN).until(() -> againListens.get() >= 1
                    && backendsOn("listening_test_stop_two") == 1);
            pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE "
                    + "'LISTEN%listening_test_stop_two%'").execute().await().atMost(WITHIN);
            two.onStop(null);
            await().during(Duration.ofSeconds(3)).atMost(WITHIN)
                    .until(() -> backendsOn("listening_test_stop_two") == 0);
        } finally {
            own.close();
            if (again != null) {
                again.close();
            }
        }
    }

    /** The backends that listen on the channel (their last statement was its LISTEN). */
    private long backendsOn(String channel) {
        return pool.query("SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN%" + channel + "%'")
                .execute().await().atMost(WITHIN).iterator().next().getLong("n");
    }
}
