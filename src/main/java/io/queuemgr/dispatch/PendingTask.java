package io.queuemgr.dispatch;

import java.util.Comparator;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;

import io.queuemgr.task.Task;

/**
 * A task fetched from the work topic and waiting for a free slot: its place in line, where it came from, and the
 * task itself while the buffer is small. Past the buffer's whole-task budget only the place in line is kept (about
 * a hundred bytes), and the task is read from the registry when it starts.
 */
record PendingTask(UUID id, String queue, int priority, long createdMillis, long version, Task task,
        TopicPartition partition, long offset, long sequence) {

    /**
     * Highest priority first; within a priority the oldest task, then the order of arrival. Written out rather than
     * chained from key extractors: a burst's lane sifts tens of thousands of tasks, and the chain of lambdas was a
     * fifth of the starter thread's samples.
     */
    static final Comparator<PendingTask> ORDER = (a, b) -> {
        int byPriority = Integer.compare(b.priority, a.priority);
        if (byPriority != 0) {
            return byPriority;
        }
        int byAge = Long.compare(a.createdMillis, b.createdMillis);
        return byAge != 0 ? byAge : Long.compare(a.sequence, b.sequence);
    };

    /** The task in line; whole, or only its place when the registry holds it. */
    static PendingTask of(Task task, String queue, boolean whole, TopicPartition partition, long offset,
            long sequence) {
        return new PendingTask(task.id(), queue, task.priority(),
                task.createdAt() == null ? 0 : task.createdAt().toEpochMilli(), task.version(), whole ? task : null,
                partition, offset, sequence);
    }
}
