package io.queuemgr.executor;

import java.util.concurrent.Callable;

import io.queuemgr.secret.TaskSecrets;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/** What an executor may tell and learn while its task runs. */
public interface ExecutionContext {

    /** The task as its latest snapshot shows it. */
    Task task();

    /** How far the task is (0–100) and what it is doing now, in words a person understands; either may be null. */
    void progress(Integer percent, String step);

    /** What the task is doing now, keeping its progress. */
    default void step(String step) {
        progress(null, step);
    }

    /**
     * An intermediate status such as {@link TaskStatus#UPLOADING}; {@link TaskStatus#RUNNING} returns to plain
     * running.
     */
    void status(TaskStatus intermediate);

    /** An intermediate status and the step within it. */
    default void status(TaskStatus intermediate, String step) {
        status(intermediate);
        step(step);
    }

    /**
     * Resolves this run's {@code secretRef} parameters. Every value resolved through it is replaced by *** in the
     * run's log lines, result and error, whichever executor produced them.
     */
    TaskSecrets secrets();

    /** One line of the task's log, kept (bounded) and readable over REST; secret values are hidden. */
    void log(String line);

    boolean isCancelled();

    /** Runs the action when the task is stopped from outside (cancel or timeout); at once if it already was. */
    void onCancel(Runnable action);

    /**
     * How this run is paused and resumed (a process: SIGSTOP and SIGCONT to its tree). A type with the
     * {@link TaskType.Capability#PAUSABLE} capability registers it as soon as there is something to pause; a pause
     * asked for before that is carried out then.
     */
    void onPause(Runnable pause, Runnable resume);

    /**
     * Whether the stop is this instance leaving the task to another (it shuts down, or gave up the task's queue),
     * rather than a cancel or timeout: what the other instance needs to carry on must be kept.
     */
    boolean isHandedOver();

    /**
     * Runs blocking work (a file copy, a tar, a blocking client call) on a virtual thread, never on the caller's. A
     * cancel of the task interrupts that thread; work that ends because of it should throw or return promptly.
     */
    <T> Uni<T> blocking(Callable<T> work);
}
