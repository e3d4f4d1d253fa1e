package io.queuemgr.registry;

import java.util.List;
import java.util.UUID;

import io.queuemgr.task.TaskStatus;

/** One status record read into a registry, as its reader takes a poll of them ({@link TaskRegistry#applyRecords}). */
final class OneRecord {

    private OneRecord() {
    }

    /** Whether the registry took it; a snapshot it cannot read is thrown, as the reader would skip it. */
    static boolean apply(TaskRegistry registry, UUID id, long version, TaskStatus status, long startedMs,
            long finishedMs, byte[] json) {
        IncomingRecords.Outcome o = registry.applyRecords(
                List.of(new IncomingRecords.Incoming(id, version, status, startedMs, finishedMs, json))).get(0);
        if (o.unreadable() != null) {
            throw o.unreadable();
        }
        return o.taken();
    }
}
