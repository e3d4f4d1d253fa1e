package io.queuemgr.task;

import static io.queuemgr.task.TaskStatus.*;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The one table of legal status changes. */
public final class TaskTransitions {

    private static final Set<TaskStatus> EXECUTING = EnumSet.of(RUNNING, VALIDATING, PREPARING, UPLOADING,
            DOWNLOADING, BUILDING, PULLING);
    private static final Map<TaskStatus, Set<TaskStatus>> ALLOWED = new EnumMap<>(TaskStatus.class);
    /** What a task may be when it is accepted: waiting to run, or held back until an operator starts it. */
    private static final Set<TaskStatus> INITIAL = EnumSet.of(PENDING, PAUSED);

    static {
        // A waiting task that takes the result of an identical completed one (cacheFor) completes without running.
        ALLOWED.put(PENDING, EnumSet.of(RUNNING, PAUSED, CANCELLED, FAILED, COMPLETED));
        // A paused process may have ended just before it was stopped; one whose instance died is released (PAUSED
        // again, without a worker).
        ALLOWED.put(PAUSED, EnumSet.of(PENDING, RUNNING, PAUSED, CANCELLED, COMPLETED, FAILED, TIMEOUT));
        Set<TaskStatus> fromExecuting = EnumSet.copyOf(EXECUTING);
        // A failed attempt that will be retried goes back to PENDING; a stopped one pauses.
        fromExecuting.addAll(EnumSet.of(PENDING, PAUSED, COMPLETED, FAILED, CANCELLED, TIMEOUT));
        for (TaskStatus s : EXECUTING) {
            ALLOWED.put(s, fromExecuting);
        }
        // A final task runs again only when someone asks for it (retry, requeue).
        ALLOWED.put(COMPLETED, EnumSet.noneOf(TaskStatus.class));
        ALLOWED.put(FAILED, EnumSet.of(PENDING));
        ALLOWED.put(CANCELLED, EnumSet.of(PENDING));
        ALLOWED.put(TIMEOUT, EnumSet.of(PENDING));
    }

    private TaskTransitions() {
    }

    public static boolean isAllowed(TaskStatus from, TaskStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Whether a task may begin its life in this status (its first snapshot, version 1). */
    public static boolean isInitial(TaskStatus status) {
        return INITIAL.contains(status);
    }

    public static void check(TaskStatus from, TaskStatus to) {
        if (!isAllowed(from, to)) {
            throw new IllegalTransitionException(from, to);
        }
    }
}
