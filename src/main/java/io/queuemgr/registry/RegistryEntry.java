package io.queuemgr.registry;

import java.time.Instant;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * What the registry knows of one task without parsing its snapshot: what filters, statistics and version checks
 * read. Queue, type, category, tags and idempotency key never change after submission.
 */
record RegistryEntry(long version, TaskStatus status, String queue, String type, String category, String[] tags,
        String idempotencyKey, long createdMs, long startedMs, long finishedMs) {

    static RegistryEntry of(Task t) {
        return new RegistryEntry(t.version(), t.status(), t.queue(), t.type(), t.category(),
                t.tags().toArray(String[]::new), t.idempotencyKey(), millis(t.createdAt()), millis(t.startedAt()),
                millis(t.finishedAt()));
    }

    static long millis(Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }
}
