package io.queuemgr.messaging;

import java.util.Collection;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * What a consumer loop does with its records, and what it does as partitions come and go; the rest (the consumer,
 * polling, commits, stopping) is {@link ConsumerLoop}'s. Every method runs on the loop's thread.
 */
@FunctionalInterface
public interface RecordHandler {

    /** One poll's records; called every round, with none when the poll brought nothing. */
    void handle(ConsumerRecords<String, byte[]> records, ConsumerSession session);

    /** A session starts: its consumer is made and not yet subscribed or assigned. */
    default void starting(ConsumerSession session) {
    }

    /** The group gave this consumer partitions (possibly none: it has joined). */
    default void assigned(Collection<TopicPartition> partitions, ConsumerSession session) {
    }

    /** Partitions leave this consumer; what is committable for them is committed right after this. */
    default void revoking(Collection<TopicPartition> partitions, ConsumerSession session) {
    }

    /** Partitions were taken away without a chance to commit (the consumer fell out of the group). */
    default void lost(Collection<TopicPartition> partitions, ConsumerSession session) {
    }

    /**
     * The loop is asked to stop: the last chance to finish work, with {@link ConsumerSession#idle} to keep the group
     * membership meanwhile. What is committable is committed right after this.
     */
    default void stopping(ConsumerSession session) {
    }

    /** The session is over and its consumer closed; {@code stopped} is false when it ended on an error. */
    default void ended(boolean stopped) {
    }
}
