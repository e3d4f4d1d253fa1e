package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.roaringbitmap.RoaringBitmap;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.task.TaskStatus;

/**
 * Statistics over the tasks the registry holds: how many in each status and of each type, how long they waited and
 * ran, and how many ended over the last minute and hour. Success rate = COMPLETED / all finished. With split
 * holding, {@code unanswered} names the instances whose tasks the figures may lack.
 */
@RegisterForReflection
public record TaskStats(String queue, long total, Map<String, Long> byStatus, Map<String, Long> byType,
        long queueLength, long runningNow, Double successRate, Durations runTimeMs, Durations waitTimeMs,
        Window lastMinute, Window lastHour, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unanswered) {

    /**
     * Average and percentiles in milliseconds, over the finished tasks whose times are known. {@code points} are
     * the durations at up to {@value DurationSample#POINTS} evenly spaced quantiles, for an instance that combines
     * the figures of several (split holding); a client's answer leaves them out.
     */
    @RegisterForReflection
    public record Durations(long count, Double avg, Long p50, Long p95,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(hidden = true) List<Long> points) {

        public Durations(long count, Double avg, Long p50, Long p95) {
            this(count, avg, p50, p95, null);
        }

        Durations withoutPoints() {
            return new Durations(count, avg, p50, p95);
        }

        /**
         * Several instances' durations as one: count and average exact; each percentile the duration where the
         * instances' quantile points, each weighing its instance's count over its number of points, reach it.
         */
        static Durations combined(List<Durations> parts) {
            long count = 0;
            double sum = 0;
            List<double[]> weighted = new ArrayList<>();
            long pointed = 0;
            for (Durations d : parts) {
                if (d == null || d.count == 0) {
                    continue;
                }
                count += d.count;
                sum += d.avg * d.count;
                // An instance of a version that gives no points counts in the count and average only.
                if (d.points != null && !d.points.isEmpty()) {
                    pointed += d.count;
                    double weight = (double) d.count / d.points.size();
                    d.points.forEach(p -> weighted.add(new double[]{p, weight}));
                }
            }
            if (count == 0) {
                return new Durations(0, null, null, null);
            }
            if (pointed == 0) {
                return new Durations(count, sum / count, null, null);
            }
            weighted.sort(Comparator.comparingDouble(w -> w[0]));
            return new Durations(count, sum / count, at(weighted, 0.50 * pointed), at(weighted, 0.95 * pointed));
        }

        /** The first duration whose cumulative weight reaches {@code rank}. */
        private static long at(List<double[]> weighted, double rank) {
            double cumulative = 0;
            for (double[] w : weighted) {
                cumulative += w[1];
                // A little slack: the weights are fractions, and their sum may fall short of the count by rounding.
                if (cumulative >= rank - 1e-6) {
                    return (long) w[0];
                }
            }
            return (long) weighted.get(weighted.size() - 1)[0];
        }
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
        return of(queue, queue == null ? indexes.all() : indexes.queue(queue), table, indexes, nowMs, pause);
    }

    /** The same over every queue that passes {@code queues}. */
    static TaskStats ofQueues(Predicate<String> queues, TaskTable table, FieldIndexes indexes, long nowMs,
            Runnable pause) {
        RoaringBitmap slots = new RoaringBitmap();
        for (int q = 0; q < table.queues.size(); q++) {
            String name = table.queues.value(q);
            if (name != null && queues.test(name)) {
                slots.or(indexes.queue(name));
            }
        }
        return of(null, slots, table, indexes, nowMs, pause);
    }

    private static TaskStats of(String queue, RoaringBitmap slots, TaskTable table, FieldIndexes indexes, long nowMs,
            Runnable pause) {
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
                window(minute, 60), window(hour, 3600), List.of());
    }

    /** These figures without the durations' quantile points, for a client. */
    public TaskStats withoutPoints() {
        return new TaskStats(queue, total, byStatus, byType, queueLength, runningNow, successRate,
                runTimeMs.withoutPoints(), waitTimeMs.withoutPoints(), lastMinute, lastHour, unanswered);
    }

    /**
     * The figures of several instances, each holding other tasks (split holding), as one: counts summed, rates and
     * durations over them all; {@code unanswered} names the instances whose tasks they lack.
     */
    public static TaskStats combined(String queue, List<TaskStats> parts, List<String> unanswered) {
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> byType = new TreeMap<>();
        long total = 0;
        long length = 0;
        long running = 0;
        long[] minute = new long[2];
        long[] hour = new long[2];
        for (TaskStats p : parts) {
            total += p.total;
            length += p.queueLength;
            running += p.runningNow;
            p.byStatus.forEach((k, v) -> byStatus.merge(k, v, Long::sum));
            p.byType.forEach((k, v) -> byType.merge(k, v, Long::sum));
            minute[0] += p.lastMinute.completed();
            minute[1] += p.lastMinute.failed();
            hour[0] += p.lastHour.completed();
            hour[1] += p.lastHour.failed();
        }
        long finished = 0;
        for (TaskStatus s : TaskStatus.values()) {
            finished += s.isFinal() ? byStatus.getOrDefault(s.name(), 0L) : 0;
        }
        long completed = byStatus.getOrDefault(TaskStatus.COMPLETED.name(), 0L);
        return new TaskStats(queue, total, byStatus, byType, length, running,
                finished == 0 ? null : (double) completed / finished,
                Durations.combined(parts.stream().map(TaskStats::runTimeMs).toList()),
                Durations.combined(parts.stream().map(TaskStats::waitTimeMs).toList()), window(minute, 60),
                window(hour, 3600), List.copyOf(unanswered));
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
