package io.queuemgr.events;

import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.registry.StatusChange;
import io.queuemgr.task.TaskCodec;

/** Status records read by the events' own consumers, not through the registry, as changes. */
final class StatusChanges {

    private StatusChanges() {
    }

    /**
     * The record as a change; an unreadable one is skipped, as the registry reader skips it, and so is a task's second
     * tombstone, which is no second deletion.
     */
    static Optional<StatusChange> of(ConsumerRecord<String, byte[]> record, TaskCodec codec) {
        if (record.value() == null) {
            return SnapshotHeaders.isCleanup(record.headers())
                    ? Optional.empty()
                    : Optional.of(StatusChange.deleted(record.partition(), record.offset(),
                            UUID.fromString(record.key()), record.headers(), null));
        }
        try {
            return Optional.of(StatusChange.of(record.partition(), record.offset(), codec.decode(record.value()),
                    record.value()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
