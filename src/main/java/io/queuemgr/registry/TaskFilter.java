package io.queuemgr.registry;

import java.util.EnumSet;
import java.util.Set;

import io.queuemgr.task.TaskStatus;

/** What a task listing asks for; every field is optional. */
public record TaskFilter(String queue, TaskStatus status, String type, String category, String tag,
        String idempotencyKey, Set<TaskStatus> anyStatus) {

    public TaskFilter(String queue, TaskStatus status, String type, String category, String tag,
            String idempotencyKey) {
        this(queue, status, type, category, tag, idempotencyKey, null);
    }

    /** Dead letters: tasks that failed for good (FAILED, or TIMEOUT on the last attempt), of one queue or all. */
    public static TaskFilter deadLetters(String queue) {
        return new TaskFilter(queue, null, null, null, null, null, DEAD);
    }

    static final Set<TaskStatus> DEAD = EnumSet.of(TaskStatus.FAILED, TaskStatus.TIMEOUT);

    boolean matches(TaskRegistry.Entry e) {
        return (queue == null || queue.equals(e.queue()))
                && (status == null || status == e.status())
                && (anyStatus == null || anyStatus.contains(e.status()))
                && (type == null || type.equals(e.type()))
                && (category == null || category.equals(e.category()))
                && (tag == null || e.hasTag(tag))
                && (idempotencyKey == null || idempotencyKey.equals(e.idempotencyKey()));
    }
}
