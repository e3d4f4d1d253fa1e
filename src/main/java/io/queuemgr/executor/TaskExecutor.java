package io.queuemgr.executor;

import java.util.Set;

import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/**
 * Runs one family of task types. An implementation is a CDI bean; it is found by the type names it declares. It
 * must not block the calling thread: blocking work moves to a worker or virtual thread.
 */
public interface TaskExecutor {

    /** The task types this executor runs, e.g. {@code command}. */
    Set<String> types();

    /**
     * The record a task's {@code params} are read into for the given type: its components name the fields and their
     * JSON types, its constraints what values fit, and a submission whose params do not fit is refused (see
     * {@link TaskParams}). {@code ObjectNode.class} takes any JSON object, for params someone else reads.
     */
    Class<?> paramsType(String type);

    /**
     * Whether a running task of the type can be paused and resumed; such an executor registers how with
     * {@link ExecutionContext#onPause}. The others answer pause requests for running tasks with 409.
     */
    default boolean canPause(String type) {
        return false;
    }

    /**
     * Whether tasks of the type run code on this host or elsewhere (a command, a script, a remote shell): submitting
     * one needs an explicit grant of the type on the caller's token.
     */
    default boolean runsCode(String type) {
        return false;
    }

    /** Runs the task; the outcome is the task's end. A failure of the Uni is classified into an error code. */
    Uni<TaskOutcome> execute(Task task, ExecutionContext context);

    /** Called before {@link #execute}. */
    default void onStart(Task task, ExecutionContext context) {
    }

    /** Called when the task is stopped from outside (cancelled or timed out) while running. */
    default void onStop(Task task, ExecutionContext context) {
    }

    /** Called once the outcome is known, whatever it is. */
    default void onEnd(Task task, TaskOutcome outcome) {
    }

    /** Called when {@link #execute} failed with an exception rather than an outcome. */
    default void onError(Task task, Throwable error) {
    }
}
