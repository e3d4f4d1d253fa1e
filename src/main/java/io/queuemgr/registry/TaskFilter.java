package io.queuemgr.registry;

import java.util.function.Predicate;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/** What a task listing asks for; every field is optional. */
public record TaskFilter(String queue, TaskStatus status, String type, String category, String tag,
        String idempotencyKey) implements Predicate<Task> {

    @Override
    public boolean test(Task t) {
        return (queue == null || queue.equals(t.queue()))
                && (status == null || status == t.status())
                && (type == null || type.equals(t.type()))
                && (category == null || category.equals(t.category()))
                && (tag == null || t.tags().contains(tag))
                && (idempotencyKey == null || idempotencyKey.equals(t.idempotencyKey()));
    }
}
