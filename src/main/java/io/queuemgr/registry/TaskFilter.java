package io.queuemgr.registry;

import io.queuemgr.task.TaskStatus;

/** What a task listing asks for; every field is optional. */
public record TaskFilter(String queue, TaskStatus status, String type, String category, String tag,
        String idempotencyKey, boolean onlyDeadLetters) {

    public TaskFilter(String queue, TaskStatus status, String type, String category, String tag,
            String idempotencyKey) {
        this(queue, status, type, category, tag, idempotencyKey, false);
    }

    /** Dead letters: tasks that failed for good ({@link TaskStatus#isDeadLetter()}), of one queue or all. */
    public static TaskFilter deadLetters(String queue) {
        return new TaskFilter(queue, null, null, null, null, null, true);
    }

    boolean matches(RegistryEntry e) {
        return (queue == null || queue.equals(e.queue()))
                && (status == null || status == e.status())
                && (!onlyDeadLetters || e.status().isDeadLetter())
                && (type == null || type.equals(e.type()))
                && (category == null || category.equals(e.category()))
                && (tag == null || e.hasTag(tag))
                && (idempotencyKey == null || idempotencyKey.equals(e.idempotencyKey()));
    }
}
