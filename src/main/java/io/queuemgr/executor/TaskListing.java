package io.queuemgr.executor;

import java.util.List;
import java.util.UUID;

import io.queuemgr.registry.TaskFilter;
import io.queuemgr.task.Task;

/**
 * How an executor lists the live tasks (data.export) as {@code GET /api/tasks} does: with split holding, every
 * instance's, which the peer package asks for, and which uses the executors through dispatch, so may not be used by
 * them.
 */
@FunctionalInterface
public interface TaskListing {

    /**
     * Up to {@code size} tasks matching the filter, newest created first, after the task {@code after} (null: from
     * the newest). Blocks; fails with {@link Unanswered} when an instance that may hold some of them did not answer.
     */
    List<Task> page(TaskFilter filter, UUID after, int size);

    /** Some instance that holds tasks did not answer: a page without its tasks would be silently short. */
    class Unanswered extends RuntimeException {

        public Unanswered(String message) {
            super(message);
        }
    }
}
