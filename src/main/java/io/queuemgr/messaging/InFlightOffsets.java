package io.queuemgr.messaging;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Out-of-order completion over in-order offsets: records of one partition finish in any order, and the committed
 * offset only moves up to the oldest one not yet finished, so a crash redelivers exactly the unfinished.
 */
public final class InFlightOffsets implements CommitPolicy {

    private static final class PartitionState {
        final NavigableSet<Long> open = new ConcurrentSkipListSet<>();
        volatile long next = -1;
        long committed = -1;
    }

    private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();

    /** Called by the polling thread for every record it hands out. */
    public void track(TopicPartition tp, long offset) {
        PartitionState state = partitions.computeIfAbsent(tp, k -> new PartitionState());
        state.open.add(offset);
        state.next = Math.max(state.next, offset + 1);
    }

    /** Called from any thread once the record's outcome is safely on Kafka. */
    public void done(TopicPartition tp, long offset) {
        PartitionState state = partitions.get(tp);
        if (state != null) {
            state.open.remove(offset);
        }
    }

    /** The offsets that may be committed now and were not committed before, for the given partitions. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> which) {
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

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(partitions.keySet());
    }

    @Override
    public void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    @Override
    public void reset() {
        partitions.clear();
    }

    /** Records handed out and not finished yet. */
    public int open() {
        return partitions.values().stream().mapToInt(s -> s.open.size()).sum();
    }
}
