package io.queuemgr.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.apache.kafka.common.utils.Utils;

/**
 * Where a task's records go on the topics that are keyed by task id: the partition its queue's work records go to.
 * The status topic, the log topic and the retry topic keep the task id as key (compaction and the readers need it),
 * but their partition is chosen by the queue, so that partition {@code p} of every topic holds the same queues' tasks.
 * The instance that dispatches a queue can then hold that queue's tasks, and nothing else, when the registry is split
 * between instances (docs/scaling.md).
 *
 * <p>
 * The partition counts are learnt when the topics are set up at start; until then a record gets no partition, and
 * Kafka's partitioner places it by its key, as before this layout.
 */
@Singleton
public class QueuePartitions {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile boolean aligned;

    /** The topic's partition count, as the broker has it at start. */
    public void learn(String topic, int partitions) {
        if (partitions > 0) {
            counts.put(topic, partitions);
        }
    }

    /** The topic's partition count as learnt at start, or 0 before. */
    public int count(String topic) {
        return counts.getOrDefault(topic, 0);
    }

    /** Whether the work, status, log and retry topics have one partition count, as learnt at start. */
    public void aligned(boolean aligned) {
        this.aligned = aligned;
    }

    public boolean aligned() {
        return aligned;
    }

    /**
     * The partition Kafka's own partitioner gives a record with this key on the topic: for a queue's name, where the
     * queue's records go; for a task id, where the task's records went before they followed its queue (and where an
     * instance of an earlier version still puts them). Null while the topic's size is not known.
     */
    public Integer of(String topic, String key) {
        Integer count = counts.get(topic);
        return count == null ? null : partitionOf(key, count);
    }

    /** Kafka's default partitioner on a string key; the work topic's partition of a queue. */
    public static int partitionOf(String key, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }
}
