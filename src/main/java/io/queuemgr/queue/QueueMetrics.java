package io.queuemgr.queue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.task.TaskStatus;

/**
 * Prometheus gauges with a {@code queue} label: tasks waiting ({@code queuemgr_queue_length}) and running
 * ({@code queuemgr_queue_running}) per queue, and each queue's {@code maxConcurrent}. A queue's gauges appear within
 * a second of the queue.
 */
@Singleton
public class QueueMetrics {

    private final MeterRegistry meters;
    private final TaskRegistry registry;
    private final QueueCatalog catalog;
    private final Runnable registering;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("queuemgr-queue-metrics").daemon().factory());

    public QueueMetrics(MeterRegistry meters, TaskRegistry registry, QueueCatalog catalog,
            LoopSupervisor supervisor) {
        this.registering = supervisor.guard("queue-metrics", this::registerNewQueues);
        this.meters = meters;
        this.registry = registry;
        this.catalog = catalog;
    }

    public void start() {
        timer.scheduleWithFixedDelay(registering, 0, 1, TimeUnit.SECONDS);
    }

    private void registerNewQueues() {
        for (QueueDefinition q : catalog.all()) {
            String name = q.name();
            if (registered.add(name)) {
                Gauge.builder("queuemgr.queue.length", registry, r -> r.count(name, TaskStatus.PENDING))
                        .description("Tasks waiting in the queue (PENDING, retries included)").tag("queue", name)
                        .register(meters);
                Gauge.builder("queuemgr.queue.running", registry, r -> r.executing(name))
                        .description("Tasks of the queue running now, on any instance").tag("queue", name)
                        .register(meters);
                Gauge.builder("queuemgr.queue.max.concurrent", catalog,
                        c -> c.find(name).map(QueueDefinition::maxConcurrent).orElse(0))
                        .description("The queue's maxConcurrent").tag("queue", name).register(meters);
            }
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
