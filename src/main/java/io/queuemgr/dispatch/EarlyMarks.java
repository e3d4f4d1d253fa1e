package io.queuemgr.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.queuemgr.task.Task;

/**
 * Commands of one kind (cancel, pause) that came for tasks not running here, in case a work record of the task is
 * still on its way here: the runner honours a mark when the task it finds is no newer than the command's version (a
 * later requeue is not affected). Marks are forgotten after a while.
 */
final class EarlyMarks {

    /** Old marks are looked for only past this many, so that remembering one stays cheap. */
    private static final int SWEEP_ABOVE = 10_000;

    private final Map<UUID, Mark> marks = new ConcurrentHashMap<>();
    private final LongSupplier millis;
    private final long memoryMs;

    EarlyMarks(LongSupplier millis, Duration memory) {
        this.millis = millis;
        this.memoryMs = memory.toMillis();
    }

    void remember(UUID taskId, long version) {
        long now = millis.getAsLong();
        if (marks.size() > SWEEP_ABOVE) {
            marks.values().removeIf(m -> now - m.at() > memoryMs);
        }
        marks.put(taskId, new Mark(version, now));
    }

    /** Takes the task's mark away; true when there was one for this version of the task or a later one. */
    boolean take(Task task) {
        Mark mark = marks.remove(task.id());
        return mark != null && task.version() <= mark.version();
    }

    void forget(UUID taskId) {
        marks.remove(taskId);
    }

    /** A command given for the task as it was at {@code version}, remembered at {@code at}. */
    private record Mark(long version, long at) {
    }
}
