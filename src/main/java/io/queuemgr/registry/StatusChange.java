package io.queuemgr.registry;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.header.Headers;

import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * One snapshot as it stands on the status topic: its position there, the fields watchers filter on, and its JSON,
 * which is what {@code GET /api/tasks/{id}} shows. A deletion (a tombstone) has no status, and as JSON the task's id
 * with the fields it was filed under, as far as they are known.
 */
public record StatusChange(int partition, long offset, UUID id, TaskStatus status, String queue, String type,
        List<String> tags, byte[] json) {

    /** A change read from a parsed snapshot. */
    public static StatusChange of(int partition, long offset, Task task, byte[] json) {
        return new StatusChange(partition, offset, task.id(), task.status(), task.queue(), task.type(),
                List.copyOf(task.tags()), json);
    }

    /**
     * The task left the registry: read from its tombstone's headers, or from what the registry {@code held} of it
     * when the tombstone does not say (one written before tombstones said); empty fields when neither knows.
     */
    public static StatusChange deleted(int partition, long offset, UUID id, Headers tombstone, RegistryEntry held) {
        String queue = SnapshotHeaders.queue(tombstone);
        String type = queue == null ? null : SnapshotHeaders.type(tombstone);
        List<String> tags = queue == null ? null : SnapshotHeaders.tags(tombstone);
        if (queue == null) {
            queue = held == null ? "" : held.queue();
            type = held == null ? "" : held.type();
            tags = held == null ? List.of() : List.of(held.tags());
        }
        return new StatusChange(partition, offset, id, null, queue, type, tags, DeletedJson.of(id, queue, type, tags));
    }

    /** Whether the task was deleted rather than changed. */
    public boolean isDeletion() {
        return status == null;
    }

    /**
     * A change whose status came from its record's headers and whose unchanging fields come from the registry's
     * entry, so that the JSON need not be parsed.
     */
    static StatusChange of(int partition, long offset, UUID id, TaskStatus status, RegistryEntry held, byte[] json) {
        return new StatusChange(partition, offset, id, status, held.queue(), held.type(), List.of(held.tags()), json);
    }
}
