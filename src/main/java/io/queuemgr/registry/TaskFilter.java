package io.queuemgr.registry;

import io.queuemgr.task.TaskStatus;

/** What a task listing asks for; every field is optional, and the given ones must all hold. */
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
}
