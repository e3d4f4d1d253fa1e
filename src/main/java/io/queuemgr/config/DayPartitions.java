package io.queuemgr.config;

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
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * The partitions of a PostgreSQL table partitioned by range of a time, one per day (UTC): {@code TABLE_dYYYYMMDD}.
 * The rows written before the table was partitioned are in one partition for every time before a day,
 * {@code TABLE_until_dYYYYMMDD}. Creating and dropping a partition lock the whole table, so both wait for that lock
 * only so long, and are tried again later.
 */
public final class DayPartitions {

    private static final Logger LOG = Logger.getLogger(DayPartitions.class);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;
    /** Days after today whose partitions are made ahead, so that the first rows of a day do not wait for one. */
    private static final int AHEAD = 2;
    private static final String LIST = """
            SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = $1::regclass
            """;

    /** A partition and the times it holds: from {@code from} (null: every time before) to before {@code to}. */
    public record Partition(String name, Instant from, Instant to) {
    }

    /** The days that have a partition, as last read: {@code until} and every day before it, and {@code days}. */
    private record Covered(LocalDate until, Set<LocalDate> days) {
        boolean covers(LocalDate day) {
            return (until != null && day.isBefore(until)) || days.contains(day);
        }
    }

    private final Pool pool;
    private final String table;
    private final Pattern day;
    private final Pattern until;
    private final Duration lockTimeout;
    /** Null until read, and after a write or a drop that may have changed the partitions. */
    private volatile Covered covered;

    /** The partitions of {@code table} (a name of letters and underscores), whose DDL waits for the lock so long. */
    public DayPartitions(Pool pool, String table, Duration lockTimeout) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a plain table name: " + table);
        }
        this.pool = pool;
        this.table = table;
        this.day = Pattern.compile(table + "_d(\\d{8})");
        this.until = Pattern.compile(table + "_until_d(\\d{8})");
        this.lockTimeout = lockTimeout;
    }

    /** The day (UTC) whose partition holds a row of time {@code t}. */
    public static LocalDate dayOf(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** The partitions there are now, oldest first; tables of other names are left out. */
    public Uni<List<Partition>> list() {
        return pool.preparedQuery(LIST).execute(Tuple.of(table)).map(rows -> {
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

    /** Makes the partitions of the day of {@code now} and of the next two days, where missing. */
    public Uni<Void> ensureComing(Instant now) {
        LocalDate today = dayOf(now);
        return ensure(today.datesUntil(today.plusDays(AHEAD + 1)).toList());
    }

    /**
     * Runs {@code write}, which puts rows of the {@code days} into the table, once every day has its partition. A
     * write that finds no partition for a row (SQLSTATE 23514: another instance dropped the day since this one last
     * looked) reads the partitions again, makes the day anew and is run once more.
     */
    public Uni<Void> writeInto(Collection<LocalDate> days, Supplier<Uni<?>> write) {
        return ensure(days).chain(write).replaceWithVoid()
                .onFailure(DayPartitions::noPartition).recoverWithUni(() -> {
                    forget();
                    return ensure(days).chain(write).replaceWithVoid();
                });
    }

    private static boolean noPartition(Throwable e) {
        return e instanceof PgException pg && "23514".equals(pg.getSqlState());
    }

    /** Forgets what partitions there are: the next {@link #ensure} reads them again (after a failed write). */
    public void forget() {
        covered = null;
    }

    /** Drops the partition and every row in it. */
    public Uni<Void> drop(Partition p) {
        return dropIf(p, c -> Uni.createFrom().item(true)).replaceWithVoid();
    }

    /**
     * Drops the partition if {@code droppable}, asked on the same connection with the whole table locked, still
     * answers true: a row written into the partition between that question and the drop would be lost with it.
     * Answers whether it dropped it.
     */
    public Uni<Boolean> dropIf(Partition p, Function<SqlConnection, Uni<Boolean>> droppable) {
        return pool.withTransaction(c -> c.query("SET LOCAL lock_timeout = " + lockTimeout.toMillis()).execute()
                .chain(() -> c.query("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE").execute())
                .chain(() -> droppable.apply(c))
                .chain(yes -> yes
                        ? c.query("DROP TABLE IF EXISTS " + p.name()).execute().replaceWith(true)
                        : Uni.createFrom().item(false)))
                .invoke(this::forget);
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
        String sql = "CREATE TABLE IF NOT EXISTS " + dayName(day) + " PARTITION OF " + table + " FOR VALUES FROM ('"
                + start(day) + "') TO ('" + start(day.plusDays(1)) + "')";
        return locked(sql).invoke(() -> LOG.infof("Created partition %s", dayName(day)))
                // Another instance creating the same day at the same moment makes this one fail: what counts is
                // that the day has its partition now.
                .onFailure().recoverWithUni(e -> read().map(now -> {
                    if (!now.covers(day)) {
                        throw new IllegalStateException("Could not create the partition of " + table + " for " + day
                                + ": "
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

    /** The name of the day's partition. */
    public String dayName(LocalDate day) {
        return table + "_d" + day.format(COMPACT);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private java.util.Optional<Partition> parse(String name) {
        try {
            Matcher d = day.matcher(name);
            if (d.matches()) {
                LocalDate first = LocalDate.parse(d.group(1), COMPACT);
                return java.util.Optional.of(new Partition(name, start(first), start(first.plusDays(1))));
            }
            Matcher u = until.matcher(name);
            if (u.matches()) {
                return java.util.Optional.of(new Partition(name, null, start(LocalDate.parse(u.group(1), COMPACT))));
            }
        } catch (java.time.format.DateTimeParseException e) {
            // Not one of this service's (a day that does not exist): left alone, as tables of other names are.
            LOG.warnf("Partition %s of %s is not named after a day; it is left alone", name, table);
        }
        return java.util.Optional.empty();
    }
}
