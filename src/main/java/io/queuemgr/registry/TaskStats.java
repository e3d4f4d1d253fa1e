package io.queuemgr.registry;

import java.util.Map;
import java.util.TreeMap;

import org.roaringbitmap.RoaringBitmap;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.task.TaskStatus;

/**
 * Statistics over the tasks the registry holds: how many in each status and of each type, how long they waited and
 * ran, and how many ended over the last minute and hour. Success rate = COMPLETED / all finished.
 */
@RegisterForReflection
public record TaskStats(String queue, long total, Map<String, Long> byStatus, Map<String, Long> byType,
        long queueLength, long runningNow, Double successRate, Durations runTimeMs, Durations waitTimeMs,
        Window lastMinute, Window lastHour) {

    /** Average and percentiles in milliseconds, over the finished tasks whose times are known. */
    @RegisterForReflection
    public record Durations(long count, Double avg, Long p50, Long p95) {
    }

    /**
     * Tasks that ended within a window: completed, failed (the dead letters: FAILED or TIMEOUT), per second, and the
     * failure rate.
     */
    @RegisterForReflection
    public record Window(long completed, long failed, double finishedPerSecond, Double failureRate) {
    }

    /**
     * Over the tasks of the queue (all for null): counts from the indexes' sizes, times from a pass over the finished
     * tasks' columns alone, calling {@code pause} every few thousand tasks so that the registry's lock can let
     * changes in (the tasks passed may then change or leave: the figures are as of about the call).
     */
    static TaskStats of(String queue, TaskTable table, FieldIndexes indexes, long nowMs, Runnable pause) {
        RoaringBitmap slots = queue == null ? indexes.all() : indexes.queue(queue);
        Map<String, Long> byStatus = new TreeMap<>();
        RoaringBitmap ended = new RoaringBitmap();
        long pending = 0;
        long running = 0;
        long finished = 0;
        for (TaskStatus s : TaskStatus.values()) {
            long n = RoaringBitmap.andCardinality(slots, indexes.status(s));
            if (n > 0) {
                byStatus.put(s.name(), n);
            }
            pending += s.isWaiting() ? n : 0;
            running += s.isExecuting() ? n : 0;
            if (s.isFinal()) {
                finished += n;
                ended.or(indexes.status(s));
            }
        }
        Map<String, Long> byType = new TreeMap<>();
        for (int t = 0; t < table.types.size(); t++) {
            long n = RoaringBitmap.andCardinality(slots, indexes.type(t));
            if (n > 0) {
                byType.put(table.types.value(t), n);
            }
        }
        DurationSample run = new DurationSample(finished);
        DurationSample wait = new DurationSample(finished);
        long[] minute = new long[2];
        long[] hour = new long[2];
        int seen = 0;
        for (int slot : RoaringBitmap.and(ended, slots)) {
            if (++seen % 8_192 == 0) {
                pause.run();
            }
            if (table.isFree(slot) || !table.status(slot).isFinal()) {
                continue;
            }
            TaskStatus s = table.status(slot);
            long created = table.createdMs(slot);
            long started = table.startedMs(slot);
            long end = table.finishedMs(slot);
            if (started > 0 && end >= started) {
                run.add(end - started);
            }
            if (started > 0 && created > 0 && started >= created) {
                wait.add(started - created);
            }
            if (end > 0) {
                boolean ok = s == TaskStatus.COMPLETED;
                count(nowMs - end <= 60_000, ok, s.isDeadLetter(), minute);
                count(nowMs - end <= 3_600_000, ok, s.isDeadLetter(), hour);
            }
        }
        long completed = byStatus.getOrDefault(TaskStatus.COMPLETED.name(), 0L);
        return new TaskStats(queue, slots.getLongCardinality(), byStatus, byType, pending, running,
                finished == 0 ? null : (double) completed / finished, run.durations(), wait.durations(),
                window(minute, 60), window(hour, 3600));
    }

    private static void count(boolean inWindow, boolean ok, boolean bad, long[] counts) {
        if (inWindow) {
            counts[0] += ok ? 1 : 0;
            counts[1] += bad ? 1 : 0;
        }
    }

    private static Window window(long[] counts, int seconds) {
        long ended = counts[0] + counts[1];
        return new Window(counts[0], counts[1], (double) ended / seconds,
                ended == 0 ? null : (double) counts[1] / ended);
    }
}
