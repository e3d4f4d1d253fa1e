package io.queuemgr.messaging;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.apache.kafka.common.TopicPartition;

/**
 * Which queues this instance owns: those whose work records land on a partition of the work topic that the dispatch
 * group gave it. The owner of a queue is the only instance that runs its tasks and writes their snapshots; the
 * dispatcher keeps this table as partitions come and go.
 */
@Singleton
public class QueueOwnership {

    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private volatile int partitionCount;

    /** The work topic's partition count, learnt once at start. */
    public void partitionCount(int count) {
        this.partitionCount = count;
    }

    public void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> owned.add(tp.partition()));
    }

    public void removed(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> owned.remove(tp.partition()));
    }

    /** The work partitions owned now. */
    public Set<Integer> partitions() {
        return Set.copyOf(owned);
    }

    public void clear() {
        owned.clear();
    }

    /** Whether this instance owns the queue now; false before it joined the dispatch group. */
    public boolean ownsQueue(String queue) {
        int count = partitionCount;
        if (count <= 0) {
            return false;
        }
        return owned.contains(QueuePartitions.partitionOf(queue, count));
    }
}
