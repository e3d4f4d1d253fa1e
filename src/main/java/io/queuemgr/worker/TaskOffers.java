package io.queuemgr.worker;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.PgListening;
import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskError;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Tasks offered to pull workers, kept in PostgreSQL's {@code task_offer} table: the one place where workers that ask
 * any instance compete for a task ({@code FOR UPDATE SKIP LOCKED}).
 * <p>
 * The instance that dispatched a task (its owner) is the only one that publishes its snapshots. It holds the run
 * open while the offer lives, learns of leases, progress and outcomes by NOTIFY on {@value #CHANNEL} (and by a
 * sweep every second, which also ends expired leases), and ends the run with the worker's outcome.
 */
@Singleton
public class TaskOffers {

    static final String CHANNEL = "queuemgr_offers";
    private static final Logger LOG = Logger.getLogger(TaskOffers.class);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);
    /** Outcomes continue on a worker thread: the run's end publishes to Kafka. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final Pool pool;
    private final Vertx vertx;
    private final PgListening listening;
    /** Expired leases and missed notifications are looked for by this job. */
    private static final String WATCHER = "pull-worker-watcher";
    private final LoopSupervisor supervisor;
    private final Runnable sweeper;
    private final ObjectMapper mapper;
    private final String owner;
    private final Map<UUID, Held> held = new ConcurrentHashMap<>();
    private PgSubscriber subscriber;
    private long timer = -1;

    public TaskOffers(Pool pool, Vertx vertx, PgListening listening, ObjectMapper mapper,
            InstanceIdentity identity, LoopSupervisor supervisor) {
        this.supervisor = supervisor;
        this.sweeper = supervisor.guard(WATCHER, this::sweep);
        this.pool = pool;
        this.vertx = vertx;
        this.listening = listening;
        this.mapper = mapper;
        this.owner = identity.id();
    }

    /** An offered task whose run this instance holds open. */
    private static final class Held {
        final Task task;
        final ExecutionContext context;
        final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
        volatile String worker;
        volatile Integer progress;
        volatile String step;

        Held(Task task, ExecutionContext context) {
            this.task = task;
            this.context = context;
        }
    }

    public void start() {
        subscriber = listening.subscriber();
        subscriber.channel(CHANNEL).handler(payload -> {
            try {
                check(UUID.fromString(payload));
            } catch (IllegalArgumentException e) {
                LOG.debugf("Ignored the notification '%s'", payload);
            }
        });
        subscriber.connect().onFailure(e -> LOG.warnf(
                "Not listening for pull workers yet (%s); leases and outcomes are picked up every %d s",
                e.getMessage(), SWEEP_EVERY.toSeconds()));
        timer = vertx.setPeriodic(SWEEP_EVERY.toMillis(), id -> sweeper.run());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }

    // ------------------------------------------------------------------ the owner's side

    /**
     * Offers the task to pull workers and answers its outcome once a worker reports it (or its lease expires). An
     * offer left by an instance that stopped is taken over as it is: a worker that holds its lease carries on.
     */
    CompletableFuture<TaskOutcome> offer(Task task, ExecutionContext context) {
        Held h = new Held(task, context);
        held.put(task.id(), h);
        pool.preparedQuery("INSERT INTO task_offer (task_id, queue, priority, created_at, owner) "
                + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (task_id) DO UPDATE SET owner = EXCLUDED.owner")
                .execute(Tuple.of(task.id(), task.queue(), (short) task.priority(), utc(task.createdAt()), owner))
                .subscribe().with(rows -> check(task.id()), e -> {
                    LOG.warnf("Task %s could not be offered to pull workers: %s", task.id(), e.getMessage());
                    finish(h, new TaskOutcome.Failed(ErrorCode.INTERNAL_ERROR.toError(
                            "Could not offer the task to pull workers: " + e.getMessage()), null));
                });
        return h.outcome;
    }

    /**
     * The run stops from outside. A cancel or timeout withdraws the offer (the worker's next call learns it lost the
     * lease); an instance leaving the task to another keeps it for that one.
     */
    void withdraw(UUID taskId, boolean keep) {
        Held h = held.remove(taskId);
        if (h == null) {
            return;
        }
        if (!keep) {
            delete(taskId);
        }
        finish(h, new TaskOutcome.Stopped(null));
    }

    /** The run ended and its outcome is on its way to Kafka: the offer goes. */
    void ended(UUID taskId) {
        if (held.remove(taskId) != null) {
            delete(taskId);
        }
    }

    private void delete(UUID taskId) {
        pool.preparedQuery("DELETE FROM task_offer WHERE task_id = $1").execute(Tuple.of(taskId)).subscribe().with(
                rows -> {
                }, e -> LOG.warnf("The offer of task %s stays in PostgreSQL: %s", taskId, e.getMessage()));
    }

    private void check(UUID taskId) {
        if (!held.containsKey(taskId)) {
            return;
        }
        pool.preparedQuery("SELECT task_id, worker_id, progress, step, outcome FROM task_offer WHERE task_id = $1")
                .execute(Tuple.of(taskId)).subscribe().with(this::applySoon,
                        e -> LOG.debugf("Checking the offer of task %s failed: %s", taskId, e.getMessage()));
    }

    /** Ends expired leases, then catches up with anything a missed notification would have said. */
    private void sweep() {
        if (held.isEmpty()) {
            return;
        }
        UUID[] ids = held.keySet().toArray(new UUID[0]);
        pool.preparedQuery("DELETE FROM task_offer WHERE task_id = ANY($1) AND outcome IS NULL "
                + "AND lease_expires_at < now() RETURNING task_id, worker_id")
                .execute(Tuple.of(ids))
                .invoke(expired -> {
                    for (Row r : expired) {
                        Held h = held.remove(r.getUUID("task_id"));
                        if (h != null) {
                            LOG.infof("The lease of task %s by worker %s expired", h.task.id(),
                                    r.getString("worker_id"));
                            finish(h, new TaskOutcome.Failed(ErrorCode.WORKER_LEASE_EXPIRED.toError(
                                    "Worker " + r.getString("worker_id") + " neither finished the task nor renewed "
                                            + "its lease in time"),
                                    null));
                        }
                    }
                })
                .chain(x -> pool.preparedQuery("SELECT task_id, worker_id, progress, step, outcome FROM task_offer "
                        + "WHERE task_id = ANY($1) AND worker_id IS NOT NULL").execute(Tuple.of(ids)))
                .subscribe().with(rows -> {
                    supervisor.jobSucceeded(WATCHER);
                    applySoon(rows);
                }, e -> supervisor.jobFailed(WATCHER, e));
    }

    /** Rows arrive on the event loop; what they lead to publishes snapshots to Kafka, on a worker thread. */
    private void applySoon(RowSet<Row> rows) {
        if (rows.size() > 0) {
            WORKERS.execute(() -> apply(rows));
        }
    }

    private void apply(RowSet<Row> rows) {
        for (Row r : rows) {
            Held h = held.get(r.getUUID("task_id"));
            if (h == null || h.outcome.isDone()) {
                continue;
            }
            String worker = r.getString("worker_id");
            if (worker != null && !worker.equals(h.worker)) {
                h.worker = worker;
                h.context.claimed(worker);
            }
            Integer progress = r.getInteger("progress");
            String step = r.getString("step");
            if (progress != null && !progress.equals(h.progress) || step != null && !step.equals(h.step)) {
                h.progress = progress;
                h.step = step;
                h.context.progress(progress, step);
            }
            Object outcome = r.getValue("outcome");
            if (outcome != null) {
                finish(h, outcome(outcome.toString()));
            }
        }
    }

    private TaskOutcome outcome(String json) {
        try {
            JsonNode o = mapper.readTree(json);
            if ("COMPLETED".equals(o.path("status").asText())) {
                return new TaskOutcome.Succeeded(o.get("result"));
            }
            TaskError reported = ErrorCode.WORKER_REPORTED_FAILURE.toError(o.path("error").asText(null));
            return new TaskOutcome.Failed(new TaskError(reported.code(), reported.message(), reported.context(),
                    reported.suggestions(), o.path("retry").asBoolean(true)), o.get("result"));
        } catch (java.io.IOException e) {
            return new TaskOutcome.Failed(ErrorCode.INTERNAL_ERROR.toError("Unreadable worker outcome"), null);
        }
    }

    private static void finish(Held h, TaskOutcome outcome) {
        WORKERS.execute(() -> h.outcome.complete(outcome));
    }

    // ------------------------------------------------------------------ the workers' side (any instance)

    /** A task leased to a worker until {@code expiresAt}. */
    public record Lease(UUID taskId, String workerId, Instant expiresAt) {
    }

    /** Leases the queue's next free task (highest priority, then oldest) to the worker, if there is one. */
    public Uni<Optional<Lease>> lease(String queue, String worker, Duration length) {
        return pool.preparedQuery("WITH next AS (SELECT task_id FROM task_offer WHERE queue = $1 AND worker_id IS NULL "
                + "ORDER BY priority DESC, created_at LIMIT 1 FOR UPDATE SKIP LOCKED), "
                + "leased AS (UPDATE task_offer o SET worker_id = $2, leased_at = now(), "
                + "lease_expires_at = now() + $3 * interval '1 millisecond' FROM next WHERE o.task_id = next.task_id "
                + "RETURNING o.task_id, o.lease_expires_at) "
                + "SELECT task_id, lease_expires_at, pg_notify('" + CHANNEL + "', task_id::text) FROM leased")
                .execute(Tuple.of(queue, worker, length.toMillis()))
                .map(rows -> {
                    for (Row r : rows) {
                        return Optional.of(new Lease(r.getUUID("task_id"), worker,
                                r.getOffsetDateTime("lease_expires_at").toInstant()));
                    }
                    return Optional.empty();
                });
    }

    /**
     * Extends the worker's lease, and records its progress; empty when the worker holds no lease of the task (it
     * expired and went back, the task was cancelled, or another worker has it).
     */
    public Uni<Optional<Instant>> heartbeat(UUID taskId, String worker, Duration length, Integer progress,
            String step) {
        return pool.preparedQuery("UPDATE task_offer SET lease_expires_at = now() + $3 * interval '1 millisecond', "
                + "progress = coalesce($4, progress), step = coalesce($5, step) "
                + "WHERE task_id = $1 AND worker_id = $2 AND outcome IS NULL "
                + "RETURNING lease_expires_at, pg_notify('" + CHANNEL + "', task_id::text)")
                .execute(Tuple.tuple().addUUID(taskId).addString(worker).addLong(length.toMillis())
                        .addValue(progress == null ? null : progress.shortValue()).addString(step))
                .map(rows -> {
                    for (Row r : rows) {
                        return Optional.of(r.getOffsetDateTime("lease_expires_at").toInstant());
                    }
                    return Optional.empty();
                });
    }

    /** Records the worker's outcome for the owner to publish; false when the worker holds no lease of the task. */
    public Uni<Boolean> report(UUID taskId, String worker, JsonNode outcome) {
        String json;
        try {
            json = mapper.writeValueAsString(outcome);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return pool.preparedQuery("UPDATE task_offer SET outcome = $3::jsonb "
                + "WHERE task_id = $1 AND worker_id = $2 AND outcome IS NULL "
                + "RETURNING pg_notify('" + CHANNEL + "', task_id::text)")
                .execute(Tuple.of(taskId, worker, json))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Who holds the offer of the task now, if it is offered: for telling a worker why its call was refused. */
    public Uni<Optional<String>> holder(UUID taskId) {
        return pool.preparedQuery("SELECT coalesce(worker_id, '') AS worker FROM task_offer WHERE task_id = $1")
                .execute(Tuple.of(taskId))
                .map(rows -> {
                    for (Row r : rows) {
                        return Optional.of(r.getString("worker"));
                    }
                    return Optional.empty();
                });
    }

    private static OffsetDateTime utc(Instant t) {
        return (t == null ? Instant.now() : t).atOffset(ZoneOffset.UTC);
    }
}
