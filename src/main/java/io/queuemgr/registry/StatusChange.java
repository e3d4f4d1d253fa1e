package io.queuemgr.registry;

import java.util.List;
import java.util.UUID;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * One snapshot as it stands on the status topic: its position there, the fields watchers filter on, and its JSON,
 * which is what {@code GET /api/tasks/{id}} shows.
 */
public record StatusChange(int partition, long offset, UUID id, TaskStatus status, String queue, String type,
        List<String> tags, byte[] json) {

    /** A change read from a parsed snapshot. */
    public static StatusChange of(int partition, long offset, Task task, byte[] json) {
        return new StatusChange(partition, offset, task.id(), task.status(), task.queue(), task.type(),
                List.copyOf(task.tags()), json);
    }

    /**
     * A change whose status came from its record's headers and whose unchanging fields come from the registry's
     * entry, so that the JSON need not be parsed.
     */
    static StatusChange of(int partition, long offset, UUID id, TaskStatus status, RegistryEntry held, byte[] json) {
        return new StatusChange(partition, offset, id, status, held.queue(), held.type(), List.of(held.tags()), json);
    }
}
