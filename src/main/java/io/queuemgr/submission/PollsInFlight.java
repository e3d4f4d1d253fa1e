package io.queuemgr.submission;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka intake's polls whose submissions are under way and, once a poll failed and is read again, which of its
 * records (and of the polls read after it) had been handled already: read again, those are passed over instead of
 * being made, counted, audited and sent to work a second time. A record still under way when its poll is read again
 * is handled again, as after a crash (its id follows from its place, so it is still one task). Used on the intake
 * loop's thread only.
 */
final class PollsInFlight {

    /** One poll's records and, in the same order, each one's outcome. */
    private record Poll(ConsumerRecords<String, byte[]> records, List<CompletableFuture<?>> results,
            CompletableFuture<?> all) {
    }

    private final Deque<Poll> polls = new ArrayDeque<>();
    /** Per partition, offsets at or after a rewind whose records were handled before it. */
    private final Map<TopicPartition, Set<Long>> handled = new HashMap<>();

    /** A poll whose records are under way: {@code results} in the poll's order, {@code all} their combination. */
    void add(ConsumerRecords<String, byte[]> records, List<CompletableFuture<?>> results, CompletableFuture<?> all) {
        if (!records.isEmpty()) {
            polls.add(new Poll(records, results, all));
        }
    }

    /** Whether {@code record} was handled before its poll was read again; it is passed over once. */
    boolean handledBefore(ConsumerRecord<String, byte[]> record) {
        if (handled.isEmpty()) {
            return false;
        }
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Set<Long> offsets = handled.get(tp);
        if (offsets == null || !offsets.remove(record.offset())) {
            return false;
        }
        if (offsets.isEmpty()) {
            handled.remove(tp);
        }
        return true;
    }

    /** Forgets the oldest polls whose records are all handled: they are committed, never read again. */
    void settled() {
        while (!polls.isEmpty() && polls.peek().all().isDone() && !polls.peek().all().isCompletedExceptionally()) {
            polls.poll();
        }
    }

    /**
     * Every poll under way is read again from {@code from}: the records at or after it that were handled already are
     * remembered, to be passed over when read again.
     */
    void readAgain(Map<TopicPartition, Long> from) {
        for (Poll poll : polls) {
            int i = 0;
            for (ConsumerRecord<String, byte[]> record : poll.records()) {
                CompletableFuture<?> result = poll.results().get(i++);
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                Long first = from.get(tp);
                if (first != null && record.offset() >= first && result.isDone()
                        && !result.isCompletedExceptionally()) {
                    handled.computeIfAbsent(tp, p -> new HashSet<>()).add(record.offset());
                }
            }
        }
        polls.clear();
    }

    /** The partitions leave this intake: whoever reads them next handles their records itself. */
    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(handled::remove);
    }

    /** The session ended: the next one reads from the committed offsets and handles what it reads. */
    void clear() {
        polls.clear();
        handled.clear();
    }

    /** Records remembered as handled and not read again yet. */
    int remembered() {
        return handled.values().stream().mapToInt(Set::size).sum();
    }
}
