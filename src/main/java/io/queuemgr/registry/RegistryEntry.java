package io.queuemgr.registry;

import java.time.Instant;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * One task in the registry: its newest snapshot as JSON, and what filters and version checks read without parsing
 * it. Queue, type, category, tags and idempotency key never change after submission.
 */
record RegistryEntry(long version, TaskStatus status, String queue, String type, String category, String[] tags,
        String idempotencyKey, long createdMs, long startedMs, long finishedMs, byte[] json) {

    /** Shared by every task without tags: the registry holds many. */
    private static final String[] NO_TAGS = {};

    static RegistryEntry of(Task t, byte[] json) {
        String[] tags = t.tags().isEmpty() ? NO_TAGS : new String[t.tags().size()];
        int i = 0;
        for (String tag : t.tags()) {
            tags[i++] = tag.intern();
        }
        return new RegistryEntry(t.version(), t.status(), t.queue().intern(), t.type().intern(),
                t.category() == null ? null : t.category().intern(), tags, t.idempotencyKey(),
                millis(t.createdAt()),
                millis(t.startedAt()), millis(t.finishedAt()), json);
    }

    /** A later snapshot of the same task, read from its headers (times 0 when they do not say). */
    RegistryEntry next(long version, TaskStatus status, long startedMs, long finishedMs, byte[] json) {
        return new RegistryEntry(version, status, queue, type, category, tags, idempotencyKey, createdMs, startedMs,
                finishedMs, json);
    }

    /** A later snapshot of the same task, parsed. */
    RegistryEntry next(Task t, byte[] json) {
        return new RegistryEntry(t.version(), t.status(), queue, type, category, tags, idempotencyKey, createdMs,
                millis(t.startedAt()), millis(t.finishedAt()), json);
    }

    private static long millis(Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }

    boolean hasTag(String tag) {
        for (String t : tags) {
            if (t.equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
