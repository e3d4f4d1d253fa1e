package io.queuemgr.messaging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Offsets of whole polls, committable in the order they were read once each poll's effect is durable. A poll's work
 * may still be under way while the next is read (pipelined); a poll whose work failed is read again from its first
 * offsets, and every later one with it. Used on the loop's thread only.
 */
public final class BatchCommits implements CommitPolicy {

    private static final Logger LOG = Logger.getLogger(BatchCommits.class);

    /** The records of one poll on their way to being durable. */
    private record Batch(Map<TopicPartition, Long> first, Map<TopicPartition, Long> next,
            CompletableFuture<?> done) {
    }

    private final Deque<Batch> pending = new ArrayDeque<>();
    private final Map<TopicPartition, OffsetAndMetadata> settled = new HashMap<>();

    /** A poll whose effect is durable once {@code done} completes; nothing to add for a poll without records. */
    public void add(ConsumerRecords<String, byte[]> records, CompletableFuture<?> done) {
        if (!records.isEmpty()) {
            pending.add(new Batch(ConsumerSession.firstOffsets(records), ConsumerSession.nextOffsets(records), done));
        }
    }

    /** A poll whose effect is durable already: committable at once unless earlier polls are still under way. */
    public void durable(ConsumerRecords<String, byte[]> records) {
        if (pending.isEmpty()) {
            ConsumerSession.nextOffsets(records).forEach((tp, next) -> settled.put(tp, new OffsetAndMetadata(next)));
        } else {
            add(records, CompletableFuture.completedFuture(null));
        }
    }

    /** Polls whose effect is not durable yet. */
    public int pending() {
        return pending.size();
    }

    /**
     * Moves finished polls, oldest first, into what may be committed: nothing is committable before every poll up to
     * it is durable. {@code waitForAll} waits for the work of every poll; {@code keepAtMost} waits for the oldest ones
     * until no more than that many are under way. After a failed poll, it and every later one are dropped, and
     * {@code rewind} is given the offsets to read again from ({@link ConsumerSession#rewind}).
     */
    public void settle(Consumer<Map<TopicPartition, Long>> rewind, boolean waitForAll, int keepAtMost) {
        while (!pending.isEmpty()
                && (waitForAll || pending.size() > keepAtMost || pending.peek().done().isDone())) {
            Batch head = pending.poll();
            try {
                head.done().join();
                head.next().forEach((tp, next) -> settled.put(tp, new OffsetAndMetadata(next)));
            } catch (RuntimeException e) {
                LOG.warnf("The work of a poll failed; its records are read again: %s", e.getMessage());
                rewind.accept(readAgainFrom(head));
                return;
            }
        }
    }

    /**
     * Drops the failed poll and every later one, and answers where to read each of their partitions again: the first
     * offset any of them holds. A later poll may hold partitions the failed one does not; they are read again too.
     */
    private Map<TopicPartition, Long> readAgainFrom(Batch failed) {
        Map<TopicPartition, Long> from = new HashMap<>(failed.first());
        pending.forEach(later -> later.first().forEach(from::putIfAbsent));
        pending.clear();
        return from;
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> ready = Map.copyOf(settled);
        settled.clear();
        return ready;
    }

    @Override
    public void reset() {
        pending.clear();
        settled.clear();
    }
}
