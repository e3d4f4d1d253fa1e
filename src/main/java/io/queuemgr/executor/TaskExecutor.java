package io.queuemgr.executor;

import io.smallrye.mutiny.Uni;

/**
 * Runs the tasks of one type. An implementation is a CDI bean in its family's package under {@code executor/}, next
 * to its params record and its family's error codes ({@link ErrorFamily}); nothing outside that package names it.
 *
 * <p>
 * {@link #execute} is called on a worker thread with the task's params already bound to {@link TaskType#params()}
 * and checked. It must not block: blocking work (a file copy, a process, a blocking client) goes through
 * {@link ExecutionContext#blocking}. A failure of the returned Uni is classified by the {@link ErrorCatalogue}; throw
 * or fail with {@link io.queuemgr.task.ErrorKind#failure} when the code is known.
 *
 * @param <P> the params record of the type
 */
public interface TaskExecutor<P> {

    TaskType type();

    /** Runs the task; the outcome is the attempt's end. Cancellation arrives through the context. */
    Uni<TaskOutcome> execute(P params, ExecutionContext context);
}
