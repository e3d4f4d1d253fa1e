package io.queuemgr.registry;

import java.util.Arrays;
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

        static Durations of(long[] values, int n) {
            if (n == 0) {
                return new Durations(0, null, null, null);
            }
            long[] v = Arrays.copyOf(values, n);
            Arrays.sort(v);
            double sum = 0;
            for (long x : v) {
                sum += x;
            }
            return new Durations(n, sum / n, v[(int) Math.ceil(0.50 * n) - 1], v[(int) Math.ceil(0.95 * n) - 1]);
        }
    }

    /**
     * Tasks that ended within a window: completed, failed (the dead letters: FAILED or TIMEOUT), per second, and the
     * failure rate.
     */
    @RegisterForReflection
    public record Window(long completed, long failed, double finishedPerSecond, Double failureRate) {
    }

    /** Over the tasks in the given slots of the table. */
    static TaskStats of(String queue, TaskTable table, RoaringBitmap slots, long nowMs) {
        TaskStatus[] statuses = TaskStatus.values();
        long[] perStatus = new long[statuses.length];
        long[] perType = new long[table.types.size()];
        long[] run = new long[1024];
        long[] wait = new long[1024];
        int runs = 0;
        int waits = 0;
        long[] minute = new long[2];
        long[] hour = new long[2];
        for (int slot : slots) {
            TaskStatus s = table.status(slot);
            perStatus[s.ordinal()]++;
            perType[table.type(slot)]++;
            if (!s.isFinal()) {
                continue;
            }
            boolean ok = s == TaskStatus.COMPLETED;
            long created = table.createdMs(slot);
            long started = table.startedMs(slot);
            long finished = table.finishedMs(slot);
            if (started > 0 && finished >= started) {
                run = grow(run, runs);
                run[runs++] = finished - started;
            }
            if (started > 0 && created > 0 && started >= created) {
                wait = grow(wait, waits);
                wait[waits++] = started - created;
            }
            if (finished > 0) {
                long age = nowMs - finished;
                count(age <= 60_000, ok, s.isDeadLetter(), minute);
                count(age <= 3_600_000, ok, s.isDeadLetter(), hour);
            }
        }
        Map<String, Long> byStatus = new TreeMap<>();
        long total = 0;
        long pending = 0;
        long running = 0;
        long finished = 0;
        for (TaskStatus s : statuses) {
            long n = perStatus[s.ordinal()];
            if (n > 0) {
                byStatus.put(s.name(), n);
            }
            total += n;
            pending += s.isWaiting() ? n : 0;
            running += s.isExecuting() ? n : 0;
            finished += s.isFinal() ? n : 0;
        }
        Map<String, Long> byType = new TreeMap<>();
        for (int t = 0; t < perType.length; t++) {
            if (perType[t] > 0) {
                byType.put(table.types.value(t), perType[t]);
            }
        }
        long completed = perStatus[TaskStatus.COMPLETED.ordinal()];
        return new TaskStats(queue, total, byStatus, byType, pending, running,
                finished == 0 ? null : (double) completed / finished, Durations.of(run, runs),
                Durations.of(wait, waits), window(minute, 60), window(hour, 3600));
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

    private static long[] grow(long[] a, int n) {
        return n < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }
}
