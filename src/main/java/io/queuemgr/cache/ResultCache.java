package io.queuemgr.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * Decides, where a task is dispatched, whether it takes the result of an identical completed task instead of running:
 * it asked ({@code cacheFor}), and a source of the same work completed within that window and is still in the
 * registry (not deleted, not expired) with its own result. Counts hits and misses by queue and type.
 */
@Singleton
public class ResultCache {

    private static final Logger LOG = Logger.getLogger(ResultCache.class);

    private final CompletedResults results;
    private final TaskRegistry registry;
    private final MeterRegistry meters;
    private final Clock clock;

    public ResultCache(CompletedResults results, TaskRegistry registry, MeterRegistry meters, Clock clock) {
        this.results = results;
        this.registry = registry;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * The task completed with a copy of a source's result, or empty when it runs: it did not ask, or no fresh source
     * is held. Only a waiting task can be served.
     */
    public Optional<Task> reuse(Task task) {
        if (task.cacheFor() == null || task.status() != TaskStatus.PENDING) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant oldest = now.minus(Duration.parse(task.cacheFor()));
        Optional<Task> source = results.newestFor(results.fingerprintOf(task))
                .filter(s -> !s.completedAt().isBefore(oldest) && !s.id().equals(task.id()))
                .flatMap(s -> registry.get(s.id()))
                .filter(s -> s.status() == TaskStatus.COMPLETED && s.cachedFrom() == null);
        meters.counter(source.isPresent() ? "queuemgr.cache.hits" : "queuemgr.cache.misses", "queue", task.queue(),
                "type", task.type()).increment();
        source.ifPresent(s -> LOG.infof("Task %s takes the result of task %s (completed %s) instead of running",
                task.id(), s.id(), s.finishedAt()));
        return source.map(s -> task.reuse(s, now));
    }
}
