package io.queuemgr.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.config.DayPartitions;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Upserts finished tasks in batches. A row changes only for a higher snapshot version, so replaying the status
 * topic, or two projectors at once, never moves history backwards. A task's row is in the partition of the day it
 * was created on, made here when it is missing (see {@link HistoryPartitions}).
 */
@ApplicationScoped
public class TaskHistoryWriter {

    /*
     * One statement over arrays, not a statement per row: a batch costs PostgreSQL one plan and one executor run
     * instead of a bind and an execute per row. Tags are a text[] per row, which unnest would flatten, so each row's
     * tags travel as an array literal (PgArrayLiteral) and are cast back. A batch holds each id once (the projector
     * keeps the newest snapshot per task), as ON CONFLICT DO UPDATE requires.
     */
    private static final String UPSERT = """
            INSERT INTO task_history (id, version, queue, type, status, category, tags, priority, attempt,
                                      error_code, worker_id, created_at, started_at, finished_at, snapshot,
                                      submitted_by)
            SELECT id, version, queue, type, status, category, tags::text[], priority, attempt, error_code, worker_id,
                   created_at, started_at, finished_at, snapshot::json, submitted_by
            FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::smallint[], $9::int[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[],
                        $14::timestamptz[], $15::text[], $16::text[])
                 AS r(id, version, queue, type, status, category, tags, priority, attempt, error_code, worker_id,
                      created_at, started_at, finished_at, snapshot, submitted_by)
            ON CONFLICT (id, created_at) DO UPDATE SET
                version = EXCLUDED.version, queue = EXCLUDED.queue, status = EXCLUDED.status,
                category = EXCLUDED.category, tags = EXCLUDED.tags, priority = EXCLUDED.priority,
                attempt = EXCLUDED.attempt, error_code = EXCLUDED.error_code, worker_id = EXCLUDED.worker_id,
                started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, snapshot = EXCLUDED.snapshot,
                submitted_by = EXCLUDED.submitted_by
            WHERE task_history.version < EXCLUDED.version
            """;

    private final Pool pool;
    private final HistoryPartitions partitions;

    public TaskHistoryWriter(Pool pool, HistoryPartitions partitions) {
        this.pool = pool;
        this.partitions = partitions;
    }

    /** Writes the tasks, each id at most once in the list. */
    Uni<Void> upsert(List<FinishedTask> finished) {
        if (finished.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<LocalDate> days = new HashSet<>();
        finished.forEach(f -> days.add(DayPartitions.dayOf(f.task().createdAt())));
        Tuple rows = columns(finished);
        return partitions.days().writeInto(days, () -> pool.preparedQuery(UPSERT).execute(rows));
    }

    private static Tuple columns(List<FinishedTask> finished) {
        int n = finished.size();
        UUID[] ids = new UUID[n];
        Long[] versions = new Long[n];
        String[] queues = new String[n];
        String[] types = new String[n];
        String[] statuses = new String[n];
        String[] categories = new String[n];
        String[] tags = new String[n];
        Short[] priorities = new Short[n];
        Integer[] attempts = new Integer[n];
        String[] errorCodes = new String[n];
        String[] workerIds = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        OffsetDateTime[] started = new OffsetDateTime[n];
        OffsetDateTime[] ended = new OffsetDateTime[n];
        String[] snapshots = new String[n];
        String[] submitters = new String[n];
        for (int i = 0; i < n; i++) {
            FinishedTask f = finished.get(i);
            Task t = f.task();
            ids[i] = t.id();
            versions[i] = t.version();
            queues[i] = t.queue();
            types[i] = t.type();
            statuses[i] = t.status().name();
            categories[i] = t.category();
            tags[i] = PgArrayLiteral.of(t.tags());
            priorities[i] = (short) t.priority();
            attempts[i] = t.attempt();
            errorCodes[i] = t.error() == null ? null : t.error().code();
            workerIds[i] = t.workerId();
            created[i] = utc(t.createdAt());
            started[i] = utc(t.startedAt());
            ended[i] = utc(t.finishedAt());
            snapshots[i] = f.json();
            submitters[i] = t.submittedBy();
        }
        return Tuple.tuple().addArrayOfUUID(ids).addArrayOfLong(versions).addArrayOfString(queues)
                .addArrayOfString(types).addArrayOfString(statuses).addArrayOfString(categories)
                .addArrayOfString(tags).addArrayOfShort(priorities).addArrayOfInteger(attempts)
                .addArrayOfString(errorCodes).addArrayOfString(workerIds).addArrayOfOffsetDateTime(created)
                .addArrayOfOffsetDateTime(started).addArrayOfOffsetDateTime(ended).addArrayOfString(snapshots)
                .addArrayOfString(submitters);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
