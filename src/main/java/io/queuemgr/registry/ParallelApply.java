package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Hands a large poll's records (the replay at start) to several threads, each partition's records to one thread in
 * their order, and returns at once: the caller fetches the next poll meanwhile and checks positions that leave this
 * one out. A live poll, a few records, is not worth the hop; the caller applies it itself.
 */
final class ParallelApply implements AutoCloseable {

    /** Below this a poll is live traffic: a hop to another thread would cost more than it saves. */
    static final int FROM_RECORDS = 1000;

    private final int threads;
    private final ExecutorService helpers;

    ParallelApply(int threads) {
        this.threads = threads;
        // As many helpers as threads: a pipelined poll is applied by them all while the caller fetches the next.
        this.helpers = threads > 1
                ? Executors.newFixedThreadPool(threads,
                        Thread.ofPlatform().name("queuemgr-registry-apply-", 1).daemon().factory())
                : null;
    }

    /** Whether the poll is large enough to be applied on the helpers while the caller goes on (the replay). */
    boolean pipelines(ConsumerRecords<String, byte[]> records) {
        return helpers != null && records.count() >= FROM_RECORDS && records.partitions().size() >= 2;
    }

    /**
     * Applies the poll on the helper threads, each partition's records on one thread in their order, and returns at
     * once; the future completes when all are handled.
     */
    CompletableFuture<Void> applyAsync(ConsumerRecords<String, byte[]> records,
            Consumer<List<ConsumerRecord<String, byte[]>>> handle) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (List<List<ConsumerRecord<String, byte[]>>> share : shares(records)) {
            all.add(CompletableFuture.runAsync(() -> run(share, handle), helpers));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Whole partitions per thread, the largest first to the least loaded, so that the threads finish together. */
    private List<List<List<ConsumerRecord<String, byte[]>>>> shares(ConsumerRecords<String, byte[]> records) {
        int n = Math.min(threads, records.partitions().size());
        List<List<List<ConsumerRecord<String, byte[]>>>> shares = new ArrayList<>(n);
        long[] load = new long[n];
        for (int i = 0; i < n; i++) {
            shares.add(new ArrayList<>());
        }
        List<List<ConsumerRecord<String, byte[]>>> byPartition = new ArrayList<>();
        for (TopicPartition tp : records.partitions()) {
            byPartition.add(records.records(tp));
        }
        byPartition.sort(Comparator.comparingInt(List<ConsumerRecord<String, byte[]>>::size).reversed());
        for (List<ConsumerRecord<String, byte[]>> partition : byPartition) {
            int least = 0;
            for (int i = 1; i < n; i++) {
                least = load[i] < load[least] ? i : least;
            }
            shares.get(least).add(partition);
            load[least] += partition.size();
        }
        return shares;
    }

    private static void run(List<List<ConsumerRecord<String, byte[]>>> share,
            Consumer<List<ConsumerRecord<String, byte[]>>> handle) {
        share.forEach(handle);
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
