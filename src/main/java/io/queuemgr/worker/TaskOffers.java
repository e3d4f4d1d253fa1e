package io.queuemgr.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.PulledExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * Tasks offered to pull workers, kept in PostgreSQL's {@code task_offer} table ({@link OfferTable}).
 * <p>
 * The instance that dispatched a task (its owner) is the only one that publishes its snapshots. It holds the run
 * open while the offer lives ({@link HeldOffer}), learns of leases, progress and outcomes by NOTIFY on
 * {@value OfferTable#CHANNEL} (and by a sweep every {@code queuemgr.workers.sweep-interval}, which also ends expired
 * leases), and ends the run with
 * the worker's outcome. Workers, asking any instance, lease, renew and report through the table directly.
 */
@Singleton
public class TaskOffers {

    private static final Logger LOG = Logger.getLogger(TaskOffers.class);
    /** Rows arrive on the event loop; what they lead to publishes snapshots to Kafka, on a worker thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();
    /** Expired leases and missed notifications are looked for by this job. */
    private static final String WATCHER = "pull-worker-watcher";

    private final OfferTable table;
    private final Vertx vertx;
    private final PgListening listening;
    private final LoopSupervisor supervisor;
    private final Runnable sweeper;
    private final ObjectMapper mapper;
    private final WorkerOutcomes outcomes;
    private final String owner;
    private final Duration sweepInterval;
    private final Map<UUID, HeldOffer> held = new ConcurrentHashMap<>();
    private Runnable unlisten;
    private long timer = -1;

    public TaskOffers(OfferTable table, Vertx vertx, PgListening listening, ObjectMapper mapper,
            InstanceIdentity identity, LoopSupervisor supervisor, QueuemgrConfig config) {
        this.table = table;
        this.sweepInterval = config.workers().sweepInterval();
        this.supervisor = supervisor;
        this.sweeper = supervisor.guard(WATCHER, this::sweep);
        this.vertx = vertx;
        this.listening = listening;
        this.mapper = mapper;
        this.outcomes = new WorkerOutcomes(mapper);
        this.owner = identity.id();
    }

    public void start() {
        unlisten = listening.listen(OfferTable.CHANNEL, null, payload -> {
            try {
                check(UUID.fromString(payload));
            } catch (IllegalArgumentException e) {
                LOG.debugf("Ignored the notification '%s'", payload);
            }
        });
        timer = vertx.setPeriodic(sweepInterval.toMillis(), id -> sweeper.run());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (unlisten != null) {
            unlisten.run();
        }
    }

    // ------------------------------------------------------------------ the owner's side

    /**
     * Offers the task to pull workers and answers its outcome once a worker reports it (or its lease expires). An
     * offer left by an instance that stopped is taken over as it is: a worker that holds its lease carries on.
     */
    CompletableFuture<TaskOutcome> offer(Task task, ExecutionContext context, PulledExecutor.Lease lease) {
        HeldOffer h = new HeldOffer(task, context, lease);
        held.put(task.id(), h);
        table.insert(task, owner).subscribe().with(ok -> check(task.id()), e -> {
            LOG.warnf("Task %s could not be offered to pull workers: %s", task.id(), e.getMessage());
            h.finish(new TaskOutcome.Failed(ErrorCode.INTERNAL_ERROR.toError(
                    "Could not offer the task to pull workers: " + e.getMessage()), null));
        });
        return h.outcome;
    }

    /**
     * The run stops from outside. A cancel or timeout withdraws the offer (the worker's next call learns it lost the
     * lease); an instance leaving the task to another keeps it for that one.
     */
    void withdraw(UUID taskId, boolean keep) {
        HeldOffer h = held.remove(taskId);
        if (h == null) {
            return;
        }
        if (!keep) {
            table.delete(taskId);
        }
        h.finish(new TaskOutcome.Stopped(null));
    }

    /** The run ended and its outcome is on its way to Kafka: the offer goes. */
    void ended(UUID taskId) {
        if (held.remove(taskId) != null) {
            table.delete(taskId);
        }
    }

    private void check(UUID taskId) {
        if (!held.containsKey(taskId)) {
            return;
        }
        table.state(taskId).subscribe().with(this::followSoon,
                e -> LOG.debugf("Checking the offer of task %s failed: %s", taskId, e.getMessage()));
    }

    /** Ends expired leases, then catches up with anything a missed notification would have said. */
    private void sweep() {
        if (held.isEmpty()) {
            return;
        }
        UUID[] ids = held.keySet().toArray(new UUID[0]);
        table.expire(ids)
                .invoke(expired -> expired.forEach(this::expired))
                .chain(x -> table.leased(ids))
                .subscribe().with(rows -> {
                    supervisor.jobSucceeded(WATCHER);
                    followSoon(rows);
                }, e -> supervisor.jobFailed(WATCHER, e));
    }

    private void expired(OfferState offer) {
        HeldOffer h = held.remove(offer.taskId());
        if (h != null) {
            LOG.infof("The lease of task %s by worker %s expired", h.task.id(), offer.workerId());
            h.finish(new TaskOutcome.Failed(ErrorCode.WORKER_LEASE_EXPIRED.toError("Worker " + offer.workerId()
                    + " neither finished the task nor renewed its lease in time"), null));
        }
    }

    private void followSoon(List<OfferState> offers) {
        if (!offers.isEmpty()) {
            WORKERS.execute(() -> offers.forEach(this::follow));
        }
    }

    private void follow(OfferState offer) {
        HeldOffer h = held.get(offer.taskId());
        if (h != null) {
            h.follow(offer, outcomes);
        }
    }

    // ------------------------------------------------------------------ the workers' side (any instance)

    /** A task leased to a worker until {@code expiresAt}. */
    public record Lease(UUID taskId, String workerId, Instant expiresAt) {
    }

    /** Leases the queue's next free task (highest priority, then oldest) to the worker, if there is one. */
    public Uni<Optional<Lease>> lease(String queue, String worker, Duration length) {
        return table.lease(queue, worker, length);
    }

    /**
     * Extends the worker's lease, and records its progress; empty when the worker holds no lease of the task (it
     * expired and went back, the task was cancelled, or another worker has it).
     */
    public Uni<Optional<Instant>> heartbeat(UUID taskId, String worker, Duration length, Integer progress,
            String step) {
        return table.heartbeat(taskId, worker, length, progress, step);
    }

    /** Records the worker's outcome for the owner to publish; false when the worker holds no lease of the task. */
    public Uni<Boolean> report(UUID taskId, String worker, JsonNode outcome) {
        try {
            return table.report(taskId, worker, mapper.writeValueAsString(outcome));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Who holds the offer of the task now, if it is offered: for telling a worker why its call was refused. */
    public Uni<Optional<String>> holder(UUID taskId) {
        return table.holder(taskId);
    }
}
