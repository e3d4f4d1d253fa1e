package io.queuemgr.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.queuemgr.supervision.SupervisedLoop;

/**
 * One session of a {@link ConsumerLoop}: its consumer, as far as a handler may touch it, and the commits the loop
 * makes with it. Used on the loop's thread only.
 */
public final class ConsumerSession {

    private static final Logger LOG = Logger.getLogger(ConsumerSession.class);

    private final String loopName;
    private final KafkaConsumer<String, byte[]> consumer;
    private final SupervisedLoop loop;
    private final CommitPolicy commits;

    ConsumerSession(String loopName, KafkaConsumer<String, byte[]> consumer, SupervisedLoop loop,
            CommitPolicy commits) {
        this.loopName = loopName;
        this.consumer = consumer;
        this.loop = loop;
        this.commits = commits;
    }

    /** Whether the loop should go on; false once it is asked to stop. */
    public boolean active() {
        return loop.active();
    }

    public int partitionCount(String topic) {
        return consumer.partitionsFor(topic).size();
    }

    /** Stops fetching from every partition assigned now, until {@link #resumeFetching}. */
    public void pauseFetching() {
        consumer.pause(consumer.assignment());
    }

    public void resumeFetching() {
        consumer.resume(consumer.paused());
    }

    /**
     * Waits without fetching while the consumer keeps its group membership, and commits what has become
     * committable. Records a rebalance brings meanwhile (newly assigned partitions are not paused) are put back, to
     * be fetched again by the next poll. A stop's wakeup ends the wait early.
     */
    public void idle(Duration wait) {
        Set<TopicPartition> pausedHere = new HashSet<>(consumer.assignment());
        pausedHere.removeAll(consumer.paused());
        consumer.pause(pausedHere);
        try {
            rewind(firstOffsets(consumer.poll(wait)));
        } catch (WakeupException e) {
            if (loop.active()) {
                throw e;
            }
        }
        pausedHere.retainAll(consumer.assignment());
        consumer.resume(pausedHere);
        commitAsync();
    }

    /**
     * Reads again from the given offsets, and answers those it will: a partition no longer assigned is left out, since
     * its next owner starts from the committed offset, which is not past these.
     */
    public Map<TopicPartition, Long> rewind(Map<TopicPartition, Long> offsets) {
        var assigned = consumer.assignment();
        Map<TopicPartition, Long> rewound = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                consumer.seek(tp, offset);
                rewound.put(tp, offset);
            }
        });
        return rewound;
    }

    /**
     * For a reader by assignment: reads these partitions from now on, those it did not read before from their
     * beginning; records fetched from the others are dropped.
     */
    public void reassign(Collection<TopicPartition> partitions) {
        Set<TopicPartition> before = new HashSet<>(consumer.assignment());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions.stream().filter(tp -> !before.contains(tp)).toList());
    }

    /** The next offset to read; for a partition no longer read, past its end: whatever waited for it is done. */
    public long position(TopicPartition partition) {
        if (!consumer.assignment().contains(partition)) {
            return Long.MAX_VALUE;
        }
        return consumer.position(partition);
    }

    /** The end offsets of the partitions of the topic that are assigned now. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        consumer.endOffsets(consumer.assignment()).forEach((tp, end) -> {
            if (tp.topic().equals(topic)) {
                ends.put(tp, end);
            }
        });
        return ends;
    }

    /** The first offset of each partition in the records. */
    static Map<TopicPartition, Long> firstOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        records.partitions().forEach(tp -> first.put(tp, records.records(tp).get(0).offset()));
        return first;
    }

    /** The offset after the last record of each partition in the records. */
    public static Map<TopicPartition, Long> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        records.partitions().forEach(tp -> next.put(tp, records.records(tp).getLast().offset() + 1));
        return next;
    }

    void commitAsync() {
        Map<TopicPartition, OffsetAndMetadata> ready = commits.committable();
        if (!ready.isEmpty()) {
            consumer.commitAsync(ready, (done, error) -> {
                if (error != null) {
                    LOG.debugf("A commit of the %s loop failed, a later one covers it: %s", loopName,
                            error.getMessage());
                }
            });
        }
    }

    /**
     * Commits and waits; a commit refused because the group is rebalancing is left out (the partitions' next owner
     * reads those records again, and every loop's effects bear a repeat). Without a timeout, the client's
     * {@code default.api.timeout.ms} holds.
     */
    void commitSync(Map<TopicPartition, OffsetAndMetadata> ready, Duration timeout) {
        if (ready.isEmpty()) {
            return;
        }
        try {
            if (timeout == null) {
                consumer.commitSync(ready);
            } else {
                consumer.commitSync(ready, timeout);
            }
        } catch (RebalanceInProgressException | CommitFailedException e) {
            LOG.debugf("A commit of the %s loop was skipped during a rebalance: %s", loopName, e.getMessage());
        }
    }

    void wakeup() {
        consumer.wakeup();
    }
}
