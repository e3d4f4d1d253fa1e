package io.queuemgr.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.config.NotifiedReload;
import io.queuemgr.config.PgListening;
import io.queuemgr.config.QueuemgrConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Every instance's copy of the queue definitions. Loaded at start; a change made on any instance is announced with
 * PostgreSQL's NOTIFY on {@value #CHANNEL}, and every instance reloads the table when it hears it (within
 * milliseconds). A full reload every {@code queuemgr.queues.reload-interval} covers a notification missed while the
 * listening connection was down; each reconnect reloads too.
 */
@Singleton
public class QueueCatalog {

    static final String CHANNEL = "queuemgr_queues";
    private static final Logger LOG = Logger.getLogger(QueueCatalog.class);
    private static final String SELECT = "SELECT name, description, max_concurrent, priority_weight, max_retries, "
            + "retry_base_delay_ms, retry_max_delay_ms, default_timeout_s, rate_limit, paused, created_at, "
            + "updated_at FROM queue_definition";

    private final Pool pool;
    private final PgListening listening;
    private final Duration reloadInterval;
    private final Map<String, QueueDefinition> queues = new ConcurrentHashMap<>();
    private NotifiedReload reloads;

    public QueueCatalog(Pool pool, PgListening listening, QueuemgrConfig config) {
        this.pool = pool;
        this.listening = listening;
        this.reloadInterval = config.queues().reloadInterval();
    }

    /** Loads the definitions and starts listening for changes; the returned Uni ends once the first load is in. */
    public Uni<Void> start() {
        reloads = listening.reloadOn(CHANNEL, reloadInterval, "queue definitions", this::reload);
        return reloads.start();
    }

    public void stop() {
        if (reloads != null) {
            reloads.stop();
        }
    }

    public Optional<QueueDefinition> find(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    public boolean exists(String name) {
        return queues.containsKey(name);
    }

    /** All queues, by name. */
    public List<QueueDefinition> all() {
        return queues.values().stream().sorted(Comparator.comparing(QueueDefinition::name)).toList();
    }

    /** A change made here is visible here at once, before the notification comes back. */
    void put(QueueDefinition q) {
        queues.put(q.name(), q);
    }

    void forget(String name) {
        queues.remove(name);
    }

    /** Tells every instance, this one included, that the definitions changed. */
    Uni<Void> announce() {
        return pool.query("NOTIFY " + CHANNEL).execute().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Could not announce a queue change: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> reload() {
        return pool.query(SELECT).execute().invoke(rows -> {
            Map<String, QueueDefinition> fresh = new HashMap<>();
            for (Row r : rows) {
                QueueDefinition q = read(r);
                fresh.put(q.name(), q);
            }
            queues.putAll(fresh);
            queues.keySet().retainAll(fresh.keySet());
        }).replaceWithVoid();
    }

    private static QueueDefinition read(Row r) {
        Long timeout = r.getLong("default_timeout_s");
        String rate = r.getString("rate_limit");
        return new QueueDefinition(r.getString("name"), r.getString("description"), r.getInteger("max_concurrent"),
                r.getInteger("priority_weight"), r.getInteger("max_retries"),
                Duration.ofMillis(r.getLong("retry_base_delay_ms")), Duration.ofMillis(r.getLong("retry_max_delay_ms")),
                timeout == null ? null : Duration.ofSeconds(timeout), rate == null ? null : RateLimit.parse(rate),
                r.getBoolean("paused"), instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("updated_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
