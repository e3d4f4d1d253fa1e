package io.queuemgr.history;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The partitions of {@code task_history}, one per day (UTC) of the tasks' creation: {@code task_history_dYYYYMMDD}.
 * The rows written before history was partitioned are in one partition for every time before a day,
 * {@code task_history_until_dYYYYMMDD}. Creating and dropping a partition lock the whole table, so both wait for
 * that lock only {@code queuemgr.history.lock-timeout} and are tried again later.
 */
@ApplicationScoped
public class HistoryPartitions {

    private static final Logger LOG = Logger.getLogger(HistoryPartitions.class);
    private static final Pattern DAY = Pattern.compile("task_history_d(\\d{8})");
    private static final Pattern UNTIL = Pattern.compile("task_history_until_d(\\d{8})");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String LIST = """
            SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'task_history'::regclass
            """;
    private static final String[] FINAL = java.util.Arrays.stream(TaskStatus.values()).filter(TaskStatus::isFinal)
            .map(Enum::name).toArray(String[]::new);

    /** A partition and the creation times it holds: from {@code from} (null: every time before) to {@code to}. */
    public record Partition(String name, Instant from, Instant to) {
    }

    /** The days that have a partition, as last read: {@code until} and every day before it, and {@code days}. */
    private record Covered(LocalDate until, Set<LocalDate> days) {
        boolean covers(LocalDate day) {
            return (until != null && day.isBefore(until)) || days.contains(day);
        }
    }

    private final Pool pool;
    private final Duration lockTimeout;
    /** Null until read, and after a write or a drop that may have changed the partitions. */
    private volatile Covered covered;

    @jakarta.inject.Inject
    public HistoryPartitions(Pool pool, HistoryConfig config) {
        this(pool, config.lockTimeout());
    }

    HistoryPartitions(Pool pool, Duration lockTimeout) {
        this.pool = pool;
        this.lockTimeout = lockTimeout;
    }

    /** The day (UTC) whose partition holds a task created at {@code createdAt}. */
    public static LocalDate dayOf(Instant createdAt) {
        return LocalDate.ofInstant(createdAt, ZoneOffset.UTC);
    }

    /** The partitions there are now, oldest first; tables of other names are left out. */
    public Uni<List<Partition>> list() {
        return pool.query(LIST).execute().map(rows -> {
            List<Partition> out = new ArrayList<>();
            rows.forEach(r -> parse(r.getString("name")).ifPresent(out::add));
            out.sort(java.util.Comparator.comparing(Partition::to));
            return out;
        });
    }

    /** Makes sure each day has a partition; answers at once when all had one when last read. */
    public Uni<Void> ensure(Collection<LocalDate> days) {
        Covered known = covered;
        if (known != null && days.stream().allMatch(known::covers)) {
            return Uni.createFrom().voidItem();
        }
        return read().chain(now -> {
            List<LocalDate> missing = days.stream().filter(d -> !now.covers(d)).distinct().sorted().toList();
            if (missing.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (LocalDate day : missing) {
                chain = chain.chain(() -> create(day));
            }
            return chain.chain(() -> read()).replaceWithVoid();
        });
    }

    /** Forgets what partitions there are: the next {@link #ensure} reads them again (after a failed write). */
    public void forget() {
        covered = null;
    }

    /** Whether a task of the partition finished at or after {@code since}: then it is not dropped yet. */
    public Uni<Boolean> finishedSince(Partition p, Instant since) {
        // Along the (status, finished_at) index of the partition: a probe per final status, not a scan of the day.
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM " + p.name()
                + " WHERE status = ANY($1) AND finished_at >= $2) AS recent")
                .execute(Tuple.of(FINAL, since.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getBoolean("recent"));
    }

    /** Drops the partition and every row in it. */
    public Uni<Void> drop(Partition p) {
        return locked("DROP TABLE IF EXISTS " + p.name()).invoke(this::forget);
    }

    private Uni<Covered> read() {
        return list().map(parts -> {
            LocalDate until = null;
            Set<LocalDate> days = new HashSet<>();
            for (Partition p : parts) {
                if (p.from() == null) {
                    LocalDate bound = dayOf(p.to());
                    until = until == null || bound.isAfter(until) ? bound : until;
                } else {
                    days.add(dayOf(p.from()));
                }
            }
            Covered now = new Covered(until, Set.copyOf(days));
            covered = now;
            return now;
        });
    }

    private Uni<Void> create(LocalDate day) {
        String sql = "CREATE TABLE IF NOT EXISTS " + dayName(day) + " PARTITION OF task_history FOR VALUES FROM ('"
                + start(day) + "') TO ('" + start(day.plusDays(1)) + "')";
        return locked(sql).invoke(() -> LOG.infof("Created history partition %s", dayName(day)))
                // Another instance creating the same day at the same moment makes this one fail: what counts is
                // that the day has its partition now.
                .onFailure().recoverWithUni(e -> read().map(now -> {
                    if (!now.covers(day)) {
                        throw new IllegalStateException("Could not create the history partition of " + day + ": "
                                + e.getMessage(), e);
                    }
                    return null;
                })).replaceWithVoid();
    }

    /** A statement that takes the table's lock, in a transaction of its own that waits for the lock only so long. */
    private Uni<Void> locked(String sql) {
        return pool.withTransaction(c -> c.query("SET LOCAL lock_timeout = " + lockTimeout.toMillis())
                .execute().chain(() -> c.query(sql).execute())).replaceWithVoid();
    }

    static String dayName(LocalDate day) {
        return "task_history_d" + day.format(COMPACT);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static java.util.Optional<Partition> parse(String name) {
        Matcher d = DAY.matcher(name);
        if (d.matches()) {
            LocalDate day = LocalDate.parse(d.group(1), COMPACT);
            return java.util.Optional.of(new Partition(name, start(day), start(day.plusDays(1))));
        }
        Matcher u = UNTIL.matcher(name);
        if (u.matches()) {
            return java.util.Optional.of(new Partition(name, null, start(LocalDate.parse(u.group(1), COMPACT))));
        }
        return java.util.Optional.empty();
    }
}
