package io.queuemgr.executor;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * How an executor submits tasks (data.import, one per line): the service's own submission, implemented in the
 * submission package, which uses the executors and so may not be used by them.
 */
public interface TaskIntake {

    /** What became of one line. */
    sealed interface Answer {

        /** A task was made (or an earlier attempt of the import had made it): its id. */
        record Accepted(String taskId) implements Answer {
        }

        /** Refused, with the reason and each field that is wrong ("params.command is required"). */
        record Refused(String reason, List<String> errors) implements Answer {
        }
    }

    /**
     * Submits one line as {@code POST /api/tasks} takes its body. {@code queue}, when not null, is the queue of
     * every line (as the path of {@code POST /api/queues/{queue}/tasks}); {@code owner} becomes the task's
     * submitter; {@code idempotencyKey} makes a second attempt of the same line answer with the first one's task.
     */
    Uni<Answer> submit(byte[] line, String queue, String owner, String idempotencyKey);
}
