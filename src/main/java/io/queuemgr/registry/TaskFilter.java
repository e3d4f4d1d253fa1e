package io.queuemgr.registry;

import io.queuemgr.task.TaskStatus;

/** What a task listing asks for; every field is optional. */
public record TaskFilter(String queue, TaskStatus status, String type, String category, String tag,
        String idempotencyKey) {

    boolean matches(TaskRegistry.Entry e) {
        return (queue == null || queue.equals(e.queue()))
                && (status == null || status == e.status())
                && (type == null || type.equals(e.type()))
                && (category == null || category.equals(e.category()))
                && (tag == null || e.hasTag(tag))
                && (idempotencyKey == null || idempotencyKey.equals(e.idempotencyKey()));
    }
}
