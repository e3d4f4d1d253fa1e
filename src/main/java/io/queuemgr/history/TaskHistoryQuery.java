package io.queuemgr.history;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskIds;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Finished tasks as PostgreSQL keeps them, including those that have left the in-memory registry. */
@ApplicationScoped
public class TaskHistoryQuery {

    /** How far from the time in its id a task's creation is looked for first. */
    private static final Duration NEAR = Duration.ofDays(1);

    private final Pool pool;
    private final TaskCodec codec;

    public TaskHistoryQuery(Pool pool, TaskCodec codec) {
        this.pool = pool;
        this.codec = codec;
    }

    /**
     * The task's row. An id that carries its time (ids made here do) is looked for in the partitions of the days
     * around it first: a look-up over every day's partition costs PostgreSQL a few milliseconds of planning.
     */
    public Uni<Optional<Task>> find(UUID id) {
        return byId("snapshot::text AS snapshot", id,
                r -> codec.decode(r.getString("snapshot").getBytes(StandardCharsets.UTF_8)));
    }

    /** One value of the task's row, looked for as {@link #find} does. */
    private <T> Uni<Optional<T>> byId(String select, UUID id, Function<Row, T> read) {
        // A client may name an id again once its task has left the registry: the newest task of the id answers.
        String all = "SELECT " + select + " FROM task_history WHERE id = $1";
        String newest = " ORDER BY created_at DESC LIMIT 1";
        Optional<Instant> near = TaskIds.timeOf(id);
        if (near.isEmpty()) {
            return first(pool.preparedQuery(all + newest).execute(Tuple.of(id)), read);
        }
        Instant t = near.get();
        return first(pool.preparedQuery(all + " AND created_at >= $2 AND created_at < $3" + newest).execute(Tuple.of(id,
                t.minus(NEAR).atOffset(ZoneOffset.UTC), t.plus(NEAR).atOffset(ZoneOffset.UTC))), read)
                .chain(found -> found.isPresent()
                        ? Uni.createFrom().item(found)
                        : first(pool.preparedQuery(all + newest).execute(Tuple.of(id)), read));
    }

    private static <T> Uni<Optional<T>> first(Uni<RowSet<Row>> rows, Function<Row, T> read) {
        return rows.map(found -> {
            for (Row r : found) {
                return Optional.of(read.apply(r));
            }
            return Optional.<T>empty();
        });
    }

    /**
     * Which of the ids, of tasks created from {@code createdFrom} to before {@code createdTo}, have a history row:
     * only those may leave the registry. The creation times keep the look-up to the partitions of their days.
     */
    public Uni<Set<UUID>> kept(List<UUID> ids, Instant createdFrom, Instant createdTo) {
        return pool.preparedQuery("SELECT id FROM task_history WHERE id = ANY($1) AND created_at >= $2 "
                + "AND created_at < $3")
                .execute(Tuple.of(ids.toArray(new UUID[0]), createdFrom.atOffset(ZoneOffset.UTC),
                        createdTo.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Set<UUID> out = new java.util.HashSet<>();
                    rows.forEach(r -> out.add(r.getUUID("id")));
                    return out;
                });
    }

    /** What a history listing asks for; every field is optional. */
    public record Filter(String queue, TaskStatus status, String type, String category, String tag,
            Instant finishedAfter, Instant finishedBefore) {
    }

    /** Newest finished first; {@code after} is the last id of the previous page (none there: an empty page). */
    public Uni<List<Task>> list(Filter f, UUID after, int limit) {
        if (after == null) {
            return page(f, null, limit);
        }
        // The cursor's place is read first, the way a task is found by id, not in a sub-select over every day.
        return byId("finished_at, id", after, r -> new Cursor(r.getOffsetDateTime("finished_at"), r.getUUID("id")))
                .chain(c -> c.isEmpty() ? Uni.createFrom().item(List.<Task>of()) : page(f, c.get(), limit));
    }

    /** Where a page ends: the last row's finish time, as PostgreSQL holds it, and id. */
    private record Cursor(OffsetDateTime finishedAt, UUID id) {
    }

    private Uni<List<Task>> page(Filter f, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT snapshot::text AS snapshot FROM task_history WHERE true");
        Tuple args = Tuple.tuple();
        if (f.queue() != null) {
            args.addString(f.queue());
            sql.append(" AND queue = $").append(args.size());
        }
        if (f.status() != null) {
            args.addString(f.status().name());
            sql.append(" AND status = $").append(args.size());
        }
        if (f.type() != null) {
            args.addString(f.type());
            sql.append(" AND type = $").append(args.size());
        }
        if (f.category() != null) {
            args.addString(f.category());
            sql.append(" AND category = $").append(args.size());
        }
        if (f.tag() != null) {
            args.addArrayOfString(new String[]{f.tag()});
            sql.append(" AND tags @> $").append(args.size());
        }
        if (f.finishedAfter() != null) {
            args.addOffsetDateTime(f.finishedAfter().atOffset(ZoneOffset.UTC));
            sql.append(" AND finished_at >= $").append(args.size());
        }
        if (f.finishedBefore() != null) {
            args.addOffsetDateTime(f.finishedBefore().atOffset(ZoneOffset.UTC));
            sql.append(" AND finished_at < $").append(args.size());
        }
        if (after != null) {
            args.addOffsetDateTime(after.finishedAt()).addUUID(after.id());
            int n = args.size();
            sql.append(" AND (finished_at, id) < ($").append(n - 1).append(", $").append(n).append(")");
        }
        args.addInteger(limit);
        sql.append(" ORDER BY finished_at DESC, id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<Task> out = new ArrayList<>();
            rows.forEach(r -> out.add(codec.decode(r.getString("snapshot").getBytes(StandardCharsets.UTF_8))));
            return out;
        });
    }
}
