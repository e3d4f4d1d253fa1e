package io.queuemgr.messaging;

import java.util.Collection;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What a consumer loop may commit: only offsets below records whose effect is durable. An offset handed out counts as
 * committed from then on; a commit that fails is covered by a later one, or the records are read again.
 */
public interface CommitPolicy {

    /** Commits nothing: for loops that read by assignment and keep their positions in memory. */
    CommitPolicy NONE = Map::of;

    /** The offsets that may be committed now and were not handed out before. */
    Map<TopicPartition, OffsetAndMetadata> committable();

    /** What to commit before the given partitions leave this consumer (a rebalance revokes them). */
    default Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> leaving) {
        return committable();
    }

    /** Partitions gone from this consumer: what was tracked for them is dropped. */
    default void forget(Collection<TopicPartition> gone) {
    }

    /** A new session starts from the committed offsets: everything tracked before is dropped. */
    default void reset() {
    }
}
