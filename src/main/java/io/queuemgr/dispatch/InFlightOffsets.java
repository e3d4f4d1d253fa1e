package io.queuemgr.dispatch;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Out-of-order completion over in-order offsets: tasks of one partition finish in any order, and the committed
 * offset only moves up to the oldest one not yet finished, so a crash redelivers exactly the unfinished.
 */
final class InFlightOffsets {

    private static final class PartitionState {
        final NavigableSet<Long> open = new ConcurrentSkipListSet<>();
        volatile long next = -1;
        long committed = -1;
    }

    private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();

    /** Called by the polling thread for every record it hands out. */
    void track(TopicPartition tp, long offset) {
        PartitionState state = partitions.computeIfAbsent(tp, k -> new PartitionState());
        state.open.add(offset);
        state.next = Math.max(state.next, offset + 1);
    }

    /** Called from any thread once the record's outcome is safely on Kafka. */
    void done(TopicPartition tp, long offset) {
        PartitionState state = partitions.get(tp);
        if (state != null) {
            state.open.remove(offset);
        }
    }

    /** The offsets that may be committed now and were not committed before, for the given partitions. */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : which) {
            PartitionState state = partitions.get(tp);
            if (state == null || state.next < 0) {
                continue;
            }
            // One read of the set: other threads may close its last open offset between an isEmpty() and a first().
            Long oldestOpen = state.open.ceiling(Long.MIN_VALUE);
            long safe = oldestOpen == null ? state.next : oldestOpen;
            if (safe > state.committed) {
                state.committed = safe;
                out.put(tp, new OffsetAndMetadata(safe));
            }
        }
        return out;
    }

    Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(partitions.keySet());
    }

    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /** The partitions tracked now. */
    Collection<TopicPartition> partitions() {
        return java.util.List.copyOf(partitions.keySet());
    }

    int open() {
        return partitions.values().stream().mapToInt(s -> s.open.size()).sum();
    }
}
