package io.queuemgr.executor;

import io.queuemgr.secret.TaskSecrets;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/** What an executor may tell and learn while its task runs. */
public interface ExecutionContext {

    Task task();

    /** How far the task is (0–100) and what it is doing now; either may be null. */
    void progress(Integer percent, String step);

    /** An intermediate status such as {@link TaskStatus#UPLOADING}; {@link TaskStatus#RUNNING} returns to plain running. */
    void status(TaskStatus intermediate);

    /**
     * Resolves this run's {@code secretRef} parameters. Every value resolved through it is replaced by *** in the
     * run's log lines, result and error, whichever executor produced them.
     */
    TaskSecrets secrets();

    /** One line of the task's log, kept (bounded) and readable over REST; secret values are hidden. */
    void log(String line);

    boolean isCancelled();

    /** Runs the action when the task is stopped from outside; at once if it already was. */
    void onCancel(Runnable action);

    /**
     * How this run is paused and resumed (a process: SIGSTOP and SIGCONT to its tree). An executor whose
     * {@link TaskExecutor#canPause} says yes registers it as soon as there is something to pause; a pause asked for
     * before that is carried out then.
     */
    void onPause(Runnable pause, Runnable resume);

    /**
     * The task waits for a pull worker to lease it: it stays PENDING to onlookers and its timeout does not run until
     * {@link #claimed}. Called from {@link TaskExecutor#execute}.
     */
    void awaitWorker();

    /** A pull worker leased the task: it is RUNNING on that worker, and its timeout runs from now. */
    void claimed(String workerId);

    /**
     * Whether the stop is this instance leaving the task to another (it shuts down, or gave up the task's
     * queue), rather than a cancel or timeout: what the other instance needs to carry on must be kept.
     */
    boolean isHandedOver();
}
