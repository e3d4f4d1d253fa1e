package io.queuemgr.history;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Upserts finished tasks in batches. A row changes only for a higher snapshot version, so replaying the status
 * topic, or two projectors at once, never moves history backwards.
 */
@ApplicationScoped
public class TaskHistoryWriter {

    private static final String UPSERT = """
            INSERT INTO task_history (id, version, queue, type, status, category, tags, priority, attempt,
                                      error_code, worker_id, created_at, started_at, finished_at, snapshot,
                                      submitted_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::text::jsonb, $16)
            ON CONFLICT (id) DO UPDATE SET
                version = EXCLUDED.version, queue = EXCLUDED.queue, status = EXCLUDED.status,
                category = EXCLUDED.category, tags = EXCLUDED.tags, priority = EXCLUDED.priority,
                attempt = EXCLUDED.attempt, error_code = EXCLUDED.error_code, worker_id = EXCLUDED.worker_id,
                started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, snapshot = EXCLUDED.snapshot,
                submitted_by = EXCLUDED.submitted_by
            WHERE task_history.version < EXCLUDED.version
            """;

    private final Pool pool;

    public TaskHistoryWriter(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> upsert(List<FinishedTask> finished) {
        if (finished.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = finished.stream().map(TaskHistoryWriter::row).toList();
        return pool.preparedQuery(UPSERT).executeBatch(rows).replaceWithVoid();
    }

    private static Tuple row(FinishedTask f) {
        Task t = f.task();
        return Tuple.tuple(List.of(t.id(), t.version(), t.queue(), t.type(), t.status().name()))
                .addValue(t.category())
                .addArrayOfString(t.tags().toArray(String[]::new))
                .addShort((short) t.priority())
                .addInteger(t.attempt())
                .addValue(t.error() == null ? null : t.error().code())
                .addValue(t.workerId())
                .addValue(utc(t.createdAt()))
                .addValue(utc(t.startedAt()))
                .addValue(utc(t.finishedAt()))
                .addString(JsonbText.of(f.json()))
                .addValue(t.submittedBy());
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
