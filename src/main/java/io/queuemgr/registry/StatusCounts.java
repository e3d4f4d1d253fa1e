package io.queuemgr.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import io.queuemgr.task.TaskStatus;

/** How many tasks of each queue are in each status, kept as snapshots arrive so that reading costs nothing. */
final class StatusCounts {

    private final Map<String, AtomicLongArray> byQueue = new ConcurrentHashMap<>();

    /** A task of the queue left {@code from} (null: it is new) for {@code to} (null: it left the registry). */
    void moved(String queue, TaskStatus from, TaskStatus to) {
        AtomicLongArray counts = byQueue.computeIfAbsent(queue, q -> new AtomicLongArray(TaskStatus.values().length));
        if (from != null) {
            counts.decrementAndGet(from.ordinal());
        }
        if (to != null) {
            counts.incrementAndGet(to.ordinal());
        }
    }

    long count(String queue, TaskStatus status) {
        AtomicLongArray counts = byQueue.get(queue);
        return counts == null ? 0 : counts.get(status.ordinal());
    }

    long executing(String queue) {
        long n = 0;
        for (TaskStatus s : TaskStatus.values()) {
            n += s.isExecuting() ? count(queue, s) : 0;
        }
        return n;
    }

    boolean hasActive(String queue) {
        for (TaskStatus s : TaskStatus.values()) {
            if (!s.isFinal() && count(queue, s) > 0) {
                return true;
            }
        }
        return false;
    }
}
