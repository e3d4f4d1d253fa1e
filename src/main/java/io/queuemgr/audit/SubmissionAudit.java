package io.queuemgr.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.SnapshotSeal;
import io.queuemgr.task.TaskStatus;

/**
 * A submission's audit entry, read from the task's first snapshot on the status topic: that snapshot is the durable
 * record that the submission was accepted, and its headers say who made it, so the entry costs no record of its own
 * and no parsing. Its id is the task's, so a replay adds nothing.
 */
public final class SubmissionAudit {

    private SubmissionAudit() {
    }

    /** The entry of a first snapshot made after {@code oldest}; empty for any other record. */
    public static Optional<AuditEvent> of(ConsumerRecord<String, byte[]> record, Instant oldest) {
        SnapshotSeal stamp = record.value() == null ? null : SnapshotSeal.read(record.headers());
        if (stamp == null || record.key() == null || stamp.version() != 1 || stamp.status() != TaskStatus.PENDING) {
            return Optional.empty();
        }
        Instant at = Instant.ofEpochMilli(record.timestamp());
        UUID id;
        try {
            id = UUID.fromString(record.key());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!at.isAfter(oldest)) {
            return Optional.empty();
        }
        String by = SnapshotHeaders.submittedBy(record.headers());
        String queue = SnapshotHeaders.queue(record.headers());
        String type = SnapshotHeaders.type(record.headers());
        return Optional.of(new AuditEvent(id, at, by == null ? "unknown" : by, AuditActions.TASK_SUBMIT,
                record.key(), AuditDetails.accepted(AuditDetails.QUEUE, String.valueOf(queue), AuditDetails.TYPE,
                        String.valueOf(type))));
    }
}
