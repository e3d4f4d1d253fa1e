package io.queuemgr.history;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Finished tasks as PostgreSQL keeps them, including those that have left the in-memory registry. */
@ApplicationScoped
public class TaskHistoryQuery {

    private final Pool pool;
    private final TaskCodec codec;

    public TaskHistoryQuery(Pool pool, TaskCodec codec) {
        this.pool = pool;
        this.codec = codec;
    }

    public Uni<Optional<Task>> find(UUID id) {
        return pool.preparedQuery("SELECT snapshot::text AS snapshot FROM task_history WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    for (Row r : rows) {
                        return Optional.of(codec.decode(r.getString("snapshot").getBytes(
                                java.nio.charset.StandardCharsets.UTF_8)));
                    }
                    return Optional.empty();
                });
    }

    /** Which of the ids have a history row: only those may leave the registry. */
    public Uni<Set<UUID>> kept(List<UUID> ids) {
        return pool.preparedQuery("SELECT id FROM task_history WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(new UUID[0])))
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

    /** Newest finished first; {@code after} is the last id of the previous page. */
    public Uni<List<Task>> list(Filter f, UUID after, int limit) {
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
            args.addUUID(after);
            int n = args.size();
            sql.append(" AND (finished_at, id) < (SELECT finished_at, id FROM task_history WHERE id = $").append(n)
                    .append(")");
        }
        args.addInteger(limit);
        sql.append(" ORDER BY finished_at DESC, id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<Task> out = new ArrayList<>();
            rows.forEach(r -> out.add(codec.decode(r.getString("snapshot").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))));
            return out;
        });
    }
}
