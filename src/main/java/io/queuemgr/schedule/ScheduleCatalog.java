package io.queuemgr.schedule;

import java.time.Duration;
import java.util.Collection;
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
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Every instance's copy of the schedule table, kept as the queue catalog keeps queues: loaded at start, reloaded when
 * a change or a firing on any instance is announced with NOTIFY on {@value #CHANNEL}, and every
 * {@code queuemgr.schedules.reload-interval} in case a notification was missed. The copy only says when to try; the
 * table decides who fires.
 */
@Singleton
public class ScheduleCatalog {

    static final String CHANNEL = "queuemgr_schedules";
    private static final Logger LOG = Logger.getLogger(ScheduleCatalog.class);

    private final ScheduleStore store;
    private final Pool pool;
    private final PgListening listening;
    private final Duration reloadInterval;
    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
    private NotifiedReload reloads;

    public ScheduleCatalog(ScheduleStore store, Pool pool, PgListening listening, ScheduleConfig config) {
        this.store = store;
        this.pool = pool;
        this.listening = listening;
        this.reloadInterval = config.reloadInterval();
    }

    /** Loads the table and starts listening; the returned Uni ends once the first load is in. */
    public Uni<Void> start() {
        reloads = listening.reloadOn(CHANNEL, reloadInterval, "schedules", this::reload);
        return reloads.start();
    }

    public void stop() {
        if (reloads != null) {
            reloads.stop();
        }
    }

    public Optional<Schedule> find(String name) {
        return Optional.ofNullable(schedules.get(name));
    }

    public List<Schedule> all() {
        return sorted(schedules.values());
    }

    /** A change made here is seen here at once, before the notification comes back. */
    void put(Schedule s) {
        schedules.put(s.name(), s);
    }

    void forget(String name) {
        schedules.remove(name);
    }

    /** Reads the table again soon: another instance changed a row this copy acted on. */
    void reloadSoon() {
        if (reloads != null) {
            reloads.reloadSoon();
        }
    }

    /** Tells every instance, this one included, that the table changed. */
    Uni<Void> announce() {
        return pool.query("NOTIFY " + CHANNEL).execute().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Could not announce a schedule change: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> reload() {
        return store.all().invoke(rows -> {
            Map<String, Schedule> fresh = new HashMap<>();
            rows.forEach(s -> fresh.put(s.name(), s));
            schedules.putAll(fresh);
            schedules.keySet().retainAll(fresh.keySet());
        }).replaceWithVoid();
    }

    private static List<Schedule> sorted(Collection<Schedule> all) {
        return all.stream().sorted(Comparator.comparing(Schedule::name)).toList();
    }
}
