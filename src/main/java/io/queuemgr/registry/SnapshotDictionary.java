package io.queuemgr.registry;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;

/**
 * Typical finished snapshots, written by the codec the registry reads with, as the preset dictionary of
 * {@link PackedJson}: field names, their order and the common values are then the ones real snapshots have. Made
 * at start; a registry checkpoint names its checksum, so a release whose snapshots differ (and with them this
 * dictionary) does not take back a checkpoint packed with the one before.
 */
final class SnapshotDictionary {

    private SnapshotDictionary() {
    }

    static byte[] of(TaskCodec codec) {
        Instant t = Instant.parse("2026-01-01T00:00:00.000Z");
        Task waiting = Task.pending(new UUID(0x019ad1f2_3c4d_7e5fL, 0x8a6b_4c3d_2e1f_0a9bL), "default", "command",
                JsonNodeFactory.instance.objectNode().put("command", "true"), "category", List.of("tag"), 5, 3,
                null, null, t);
        Task running = waiting.start("instance-1", t.plusMillis(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Least typical first: deflate reaches the dictionary's end most cheaply.
        for (Task done : List.of(running.timeOut(ErrorCode.TASK_TIMEOUT.toError("ran too long"), null,
                t.plusMillis(3)), running.fail(ErrorCode.TASK_TIMEOUT.toError("failed"), null, t.plusMillis(2)),
                running.succeed(null, t.plusMillis(2)))) {
            // As packed: without what is cut from each snapshot before compression.
            out.writeBytes(SnapshotCuts.cut(codec.encode(done), done.id()).rest());
        }
        return out.toByteArray();
    }
}
