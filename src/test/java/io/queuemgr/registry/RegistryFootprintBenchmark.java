package io.queuemgr.registry;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.json.InstantJson;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskIds;
import io.queuemgr.task.TaskStatus;

/**
 * Not a test (its name keeps it out of the default run): the registry's heap per task and its listing times with
 * 1,000,000 noop tasks spread like {@code bench/Bench.java --queues 100 --vary 1} makes them (100 queues, 100
 * categories, 1,000 tags), each applied as the registry reader applies its PENDING and COMPLETED snapshots. Prints
 * the figures; asserts nothing about time. Run with
 * {@code ./mvnw -o test -Dtest=RegistryFootprintBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -DargLine=-Xmx3g}.
 */
class RegistryFootprintBenchmark {

    private static final int TASKS = Integer.getInteger("bench.tasks", 1_000_000);
    /** The newest tasks are left waiting, as a registry in service holds a few. */
    private static final int WAITING = 1_000;
    private static final long T0 = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();

    @Test
    void heapPerTaskAndListingTimes() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new InstantJson().customize(mapper);
        TaskCodec codec = new TaskCodec(mapper);
        long before = usedAfterGc();
        TaskRegistry registry = new TaskRegistry(codec);
        long fill = System.nanoTime();
        for (int i = 0; i < TASKS; i++) {
            Task pending = task(i);
            OneRecord.apply(registry, pending.id(), pending.version(), pending.status(), -1, -1, codec.encode(pending));
            if (i < TASKS - WAITING) {
                Instant at = Instant.ofEpochMilli(T0 + i / 10 + 3).plusNanos(nanos(i, 1));
                Task done = pending.start("instance-1", at).succeed(null, at.plusNanos(nanos(i, 2)));
                OneRecord.apply(registry, done.id(), done.version(), done.status(), -1, -1, codec.encode(done));
            }
        }
        fill = System.nanoTime() - fill;
        long after = usedAfterGc();
        System.out.printf("registry: %,d tasks in %,d ms; heap %,d bytes/task%n", registry.size(), fill / 1_000_000,
                (after - before) / TASKS);
        Map<String, TaskFilter> filters = new LinkedHashMap<>();
        filters.put("category=cat-7", new TaskFilter(null, null, null, "cat-7", null, null));
        filters.put("tag=tag-77", new TaskFilter(null, null, null, null, "tag-77", null));
        filters.put("type=noop", new TaskFilter(null, null, "noop", null, null, null));
        filters.put("queue=bq100-42", new TaskFilter("bq100-42", null, null, null, null, null));
        filters.put("category=cat-7&tag=tag-107", new TaskFilter(null, null, null, "cat-7", "tag-107", null));
        filters.put("category=cat-7&tag=tag-8 (none)", new TaskFilter(null, null, null, "cat-7", "tag-8", null));
        filters.put("status=PENDING", new TaskFilter(null, TaskStatus.PENDING, null, null, null, null));
        filters.put("dead letters (none)", TaskFilter.deadLetters(null));
        filters.put("type=nothing (none)", new TaskFilter(null, null, "nothing", null, null, null));
        for (var f : filters.entrySet()) {
            List<Task> first = registry.list(f.getValue(), null, 50);
            UUID after2 = first.isEmpty() ? null : first.get(first.size() - 1).id();
            report(f.getKey() + " (" + first.size() + ")", () -> registry.list(f.getValue(), null, 50));
            report(f.getKey() + ", page 2", () -> registry.list(f.getValue(), after2, 50));
        }
        UUID oldest = task(0).id();
        report("get one finished task", () -> registry.get(oldest).orElseThrow());
        report("stats, all", () -> registry.stats(null, T0));
        report("stats, queue bq100-42", () -> registry.stats("bq100-42", T0));
        if (registry.size() != TASKS) {
            throw new AssertionError(registry.size());
        }
        applyCost(codec);
        packCost(codec);
    }

    /** A finished snapshot's packing: its size and time, one thread, after a warm-up. */
    private static void packCost(TaskCodec codec) {
        Task t = task(7);
        Instant at = Instant.ofEpochMilli(T0 + 5);
        byte[] json = codec.encode(t.start("instance-1", at).succeed(null, at.plusMillis(1)));
        PackedJson packer = new PackedJson(SnapshotDictionary.of(codec), java.util.zip.Deflater.BEST_SPEED);
        System.out.println("  packed with " + packer.method());
        byte[] packed = packer.pack(json, t.id());
        for (int round = 0; round < 3; round++) {
            int n = 100_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                packed = packer.pack(json, t.id());
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                packer.unpack(packed, t.id());
            }
            long t2 = System.nanoTime();
            System.out.printf("  pack %d -> %d bytes: %.2f us; unpack %.2f us%n", json.length, packed.length,
                    (t1 - t0) / 1_000.0 / n, (t2 - t1) / 1_000.0 / n);
        }
    }

    /** What the registry reader spends per task: its PENDING and COMPLETED records applied, the JSON made before. */
    private static void applyCost(TaskCodec codec) {
        int n = 200_000;
        List<byte[]> records = new ArrayList<>(2 * n);
        List<Task> snapshots = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            Task pending = task(TASKS + i);
            Instant at = Instant.ofEpochMilli(T0 + i / 10 + 3).plusNanos(nanos(i, 1));
            Task done = pending.start("instance-1", at).succeed(null, at.plusNanos(nanos(i, 2)));
            snapshots.add(pending);
            snapshots.add(done);
            records.add(codec.encode(pending));
            records.add(codec.encode(done));
        }
        for (int round = 0; round < 3; round++) {
            TaskRegistry fresh = new TaskRegistry(codec);
            long t = System.nanoTime();
            for (int i = 0; i < records.size(); i++) {
                Task s = snapshots.get(i);
                OneRecord.apply(fresh, s.id(), s.version(), s.status(), -1, -1, records.get(i));
            }
            System.out.printf("  apply PENDING + COMPLETED records, round %d: %.2f us/task%n", round,
                    (System.nanoTime() - t) / 1_000.0 / n);
        }
    }

    private static Task task(int i) {
        UUID id = TaskIds.deterministic(T0 + i / 10, i, 13);
        return Task.pending(id, "bq100-" + i % 100, "noop", JsonNodeFactory.instance.objectNode(), "cat-" + i % 100,
                List.of("tag-" + i % 1000), 5, 3, null, null,
                Instant.ofEpochMilli(T0 + i / 10).plusNanos(nanos(i, 0)));
    }

    /**
     * Sub-millisecond digits as the service's clock gives them (nanoseconds on Linux): they are most of what a finished
     * snapshot cannot compress, so a benchmark with whole milliseconds would flatter the registry.
     */
    private static long nanos(int i, int which) {
        return Math.floorMod((i * 0x9E3779B97F4A7C15L) >>> (8 * which), 1_000_000L);
    }

    private static void report(String what, Runnable call) {
        int runs = 21;
        long[] ms = new long[runs];
        for (int r = 0; r < runs; r++) {
            long t = System.nanoTime();
            call.run();
            ms[r] = (System.nanoTime() - t) / 1_000;
        }
        Arrays.sort(ms);
        System.out.printf("  %-40s p50 %,8d us   max %,8d us%n", what, ms[runs / 2], ms[runs - 1]);
    }

    private static long usedAfterGc() {
        List<Long> used = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            System.gc();
            used.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used.get(used.size() - 1);
    }
}
