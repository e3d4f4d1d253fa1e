package io.queuemgr.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.config.RegistryConfig;
import io.queuemgr.history.HistoryConfig;
import io.queuemgr.history.TaskHistoryQuery;
import io.queuemgr.messaging.QueueOwnership;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.PeriodicJob;

/**
 * Keeps the registry's memory bounded however long the service runs: finished tasks past their retention (or past
 * the cap on finished tasks) are tombstoned on the status topic, which removes them from every instance's registry
 * and, after compaction, from the topic. Their history rows stay in PostgreSQL, where they can still be read; a task
 * without one yet stays until it has one. Each instance lets go of the tasks of the queues it dispatches, so one
 * tombstone is written per task.
 */
@Singleton
public class RegistryRetention {

    private static final Logger LOG = Logger.getLogger(RegistryRetention.class);

    private final TaskRegistry registry;
    private final TaskStatusPublisher publisher;
    private final Tombstones tombstones;
    private final TaskHistoryQuery history;
    private final QueueOwnership ownership;
    private final RegistryConfig config;
    private final Duration historyRetention;
    private final Clock clock;
    private final Counter released;
    private final PeriodicJob sweeper;

    public RegistryRetention(TaskRegistry registry, TaskStatusPublisher publisher, Tombstones tombstones,
            TaskHistoryQuery history,
            QueueOwnership ownership, QueuemgrConfig config, HistoryConfig historyConfig, MeterRegistry metrics,
            LoopSupervisor supervisor, Clock clock) {
        this.historyRetention = historyConfig.retention();
        this.registry = registry;
        this.clock = clock;
        this.publisher = publisher;
        this.tombstones = tombstones;
        this.history = history;
        this.ownership = ownership;
        this.config = config.registry();
        this.sweeper = supervisor.schedule("retention", this.config.sweepInterval(), this::sweepLogged);
        this.released = Counter.builder("queuemgr.registry.released")
                .description("Finished tasks let go from the registry (still in PostgreSQL history)")
                .register(metrics);
        metrics.gauge("queuemgr.registry.tasks", registry, TaskRegistry::size);
    }

    public void start() {
        sweeper.start();
    }

    public void stop() {
        sweeper.stop();
    }

    private void sweepLogged() {
        int n = sweep();
        if (n > 0) {
            LOG.debugf("Let go of %d finished tasks", n);
        }
    }

    /** One pass: answers how many tasks were tombstoned. */
    int sweep() {
        long now = clock.millis();
        List<TaskRegistry.Expired> mine = new ArrayList<>();
        for (TaskRegistry.Expired e : registry.expired(now - config.retention().toMillis(),
                now - config.deadLetterRetention().toMillis(), config.maxFinished())) {
            if (ownership.ownsQueue(e.queue())) {
                mine.add(e);
            }
        }
        // Oldest first: a batch's creation times are close together, and the look-up reads only their days.
        mine.sort(Comparator.comparingLong(TaskRegistry.Expired::createdMs));
        // Past the history's own retention, history does not keep a task (or is about to drop it): waiting for its
        // row would keep the task in memory for good.
        long beyondHistory = now - historyRetention.toMillis();
        List<TaskRegistry.Expired> unkept = new ArrayList<>();
        List<TaskRegistry.Expired> asked = new ArrayList<>();
        for (TaskRegistry.Expired e : mine) {
            if (e.finishedMs() > 0 && e.finishedMs() < beyondHistory) {
                unkept.add(e);
            } else {
                asked.add(e);
            }
        }
        int done = unkept.isEmpty() ? 0 : release(unkept);
        int size = config.sweepBatch();
        for (int from = 0; from < asked.size(); from += size) {
            List<TaskRegistry.Expired> batch = asked.subList(from, Math.min(asked.size(), from + size));
            Set<UUID> kept = history.kept(batch.stream().map(TaskRegistry.Expired::id).toList(),
                    Instant.ofEpochMilli(batch.get(0).createdMs()),
                    Instant.ofEpochMilli(batch.get(batch.size() - 1).createdMs() + 1))
                    .await().atMost(config.sweepStatementTimeout());
            done += release(batch.stream().filter(e -> kept.contains(e.id())).toList());
        }
        return done;
    }

    /** Tombstones the tasks; answers how many. */
    private int release(List<TaskRegistry.Expired> tasks) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (TaskRegistry.Expired e : tasks) {
            sent.add(tombstones.remove(e.id(), e.queue()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        released.increment(sent.size());
        return sent.size();
    }
}
