package io.queuemgr.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The task meters, looked up once per label set: building a meter id on every task costs more than the work of a
 * no-op task.
 */
@Singleton
public class TaskMeters {

    private final MeterRegistry registry;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public TaskMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Tasks accepted, by queue and source (rest, kafka). */
    public Counter submitted(String queue, String source) {
        return counters.computeIfAbsent(List.of("submitted", queue, source),
                k -> registry.counter("queuemgr.tasks.submitted", "queue", queue, "source", source));
    }

    /** Submissions refused, by source. */
    public Counter rejected(String source) {
        return counters.computeIfAbsent(List.of("rejected", source),
                k -> registry.counter("queuemgr.submissions.rejected", "source", source));
    }

    /**
     * Run time of attempts, by queue, type and how they ended: the final status, or RETRY for a failed attempt that
     * will be retried.
     */
    public Timer run(String queue, String type, String outcome) {
        return timers.computeIfAbsent(List.of(queue, type, outcome),
                k -> registry.timer("queuemgr.task.run", "queue", queue, "type", type, "status", outcome));
    }

    /** Time from submission to the start of the first attempt, by queue. */
    public Timer waited(String queue) {
        return timers.computeIfAbsent(List.of("wait", queue),
                k -> registry.timer("queuemgr.task.wait", "queue", queue));
    }

    public MeterRegistry registry() {
        return registry;
    }
}
