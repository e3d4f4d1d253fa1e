package io.queuemgr.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of PostgreSQL's {@code task_offer} table: one row per offered task, which workers that ask any instance
 * compete for ({@code FOR UPDATE SKIP LOCKED}). Every change a worker makes notifies {@value #CHANNEL} with the
 * task's id, for its owner to look.
 */
@Singleton
class OfferTable {

    static final String CHANNEL = "queuemgr_offers";
    private static final Logger LOG = Logger.getLogger(OfferTable.class);
    private static final String STATE = "SELECT task_id, worker_id, progress, step, outcome FROM task_offer ";

    private final Pool pool;
    private final Clock clock;

    OfferTable(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ the owner's side

    /** Offers the task, or takes over the offer an instance that stopped left behind as it is. */
    Uni<Void> insert(Task task, String owner) {
        return pool.preparedQuery("INSERT INTO task_offer (task_id, queue, priority, created_at, owner) "
                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (task_id) DO UPDATE SET owner = EXCLUDED.owner")
                .execute(Tuple.of(task.id(), task.queue(), (short) task.priority(), utc(task.createdAt()), owner))
                .replaceWithVoid();
    }

    /** Withdraws the offer, in the background: a row that stays is only logged. */
    void delete(UUID taskId) {
        pool.preparedQuery("DELETE FROM task_offer WHERE task_id = $1").execute(Tuple.of(taskId)).subscribe().with(
                rows -> {
                }, e -> LOG.warnf("The offer of task %s stays in PostgreSQL: %s", taskId, e.getMessage()));
    }

    Uni<List<OfferState>> state(UUID taskId) {
        return pool.preparedQuery(STATE + "WHERE task_id = $1").execute(Tuple.of(taskId)).map(OfferTable::states);
    }

    /** The offers among {@code ids} that a worker has leased. */
    Uni<List<OfferState>> leased(UUID[] ids) {
        return pool.preparedQuery(STATE + "WHERE task_id = ANY($1) AND worker_id IS NOT NULL")
                .execute(Tuple.of(ids)).map(OfferTable::states);
    }

    /** Deletes the offers among {@code ids} whose lease expired before an outcome came; answers who held them. */
    Uni<List<OfferState>> expire(UUID[] ids) {
        return pool.preparedQuery("DELETE FROM task_offer WHERE task_id = ANY($1) AND outcome IS NULL "
                + "AND lease_expires_at < now() RETURNING task_id, worker_id")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    List<OfferState> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new OfferState(r.getUUID("task_id"), r.getString("worker_id"), null, null, null));
                    }
                    return out;
                });
    }

    // ------------------------------------------------------------------ the workers' side

    Uni<Optional<TaskOffers.Lease>> lease(String queue, String worker, Duration length) {
        return pool.preparedQuery("WITH next AS (SELECT task_id FROM task_offer WHERE queue = $1 AND worker_id IS NULL "
                + "ORDER BY priority DESC, created_at LIMIT 1 FOR UPDATE SKIP LOCKED), "
                + "leased AS (UPDATE task_offer o SET worker_id = $2, leased_at = now(), "
                + "lease_expires_at = now() + $3 * interval '1 millisecond' FROM next WHERE o.task_id = next.task_id "
                + "RETURNING o.task_id, o.lease_expires_at) "
                + "SELECT task_id, lease_expires_at, pg_notify('" + CHANNEL + "', task_id::text) FROM leased")
                .execute(Tuple.of(queue, worker, length.toMillis()))
                .map(rows -> first(rows).map(r -> new TaskOffers.Lease(r.getUUID("task_id"), worker,
                        r.getOffsetDateTime("lease_expires_at").toInstant())));
    }

    Uni<Optional<Instant>> heartbeat(UUID taskId, String worker, Duration length, Integer progress, String step) {
        return pool.preparedQuery("UPDATE task_offer SET lease_expires_at = now() + $3 * interval '1 millisecond', "
                + "progress = coalesce($4, progress), step = coalesce($5, step) "
                + "WHERE task_id = $1 AND worker_id = $2 AND outcome IS NULL "
                + "RETURNING lease_expires_at, pg_notify('" + CHANNEL + "', task_id::text)")
                .execute(Tuple.tuple().addUUID(taskId).addString(worker).addLong(length.toMillis())
                        .addValue(progress == null ? null : progress.shortValue()).addString(step))
                .map(rows -> first(rows).map(r -> r.getOffsetDateTime("lease_expires_at").toInstant()));
    }

    Uni<Boolean> report(UUID taskId, String worker, String outcomeJson) {
        return pool.preparedQuery("UPDATE task_offer SET outcome = $3::jsonb "
                + "WHERE task_id = $1 AND worker_id = $2 AND outcome IS NULL "
                + "RETURNING pg_notify('" + CHANNEL + "', task_id::text)")
                .execute(Tuple.of(taskId, worker, outcomeJson))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The worker that holds the offer, empty when none does; nothing when the task is not offered. */
    Uni<Optional<String>> holder(UUID taskId) {
        return pool.preparedQuery("SELECT coalesce(worker_id, '') AS worker FROM task_offer WHERE task_id = $1")
                .execute(Tuple.of(taskId))
                .map(rows -> first(rows).map(r -> r.getString("worker")));
    }

    private static List<OfferState> states(RowSet<Row> rows) {
        List<OfferState> out = new ArrayList<>();
        for (Row r : rows) {
            Object outcome = r.getValue("outcome");
            out.add(new OfferState(r.getUUID("task_id"), r.getString("worker_id"), r.getInteger("progress"),
                    r.getString("step"), outcome == null ? null : outcome.toString()));
        }
        return out;
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        for (Row r : rows) {
            return Optional.of(r);
        }
        return Optional.empty();
    }

    private OffsetDateTime utc(Instant t) {
        return (t == null ? clock.instant() : t).atOffset(ZoneOffset.UTC);
    }
}
