package io.queuemgr.task;

import java.util.List;
import java.util.Map;

/**
 * One code of the error catalogue: what it means, what to try, and whether another attempt can help. The service's
 * own codes are {@link ErrorCode}; every executor family declares its codes as an enum implementing this interface,
 * each constant with its {@link About}.
 */
public interface ErrorKind {

    /** The code as it appears on a task's error, e.g. {@code SSH_AUTHENTICATION_FAILED}. */
    String name();

    About about();

    /** Whether another attempt can succeed; the retry policy skips the retries of a task whose error says no. */
    default boolean retryable() {
        return about().retryable();
    }

    default String description() {
        return about().description();
    }

    default List<String> suggestions() {
        return about().suggestions();
    }

    default TaskError toError(String message, Map<String, String> context) {
        return new TaskError(name(), message == null ? description() : message, context, suggestions(), retryable());
    }

    default TaskError toError(String message) {
        return toError(message, Map.of());
    }

    /** The error as an exception an executor throws (or fails its Uni with) anywhere in its run. */
    default TaskFailure failure(String message, Map<String, String> context) {
        return new TaskFailure(toError(message, context));
    }

    default TaskFailure failure(String message) {
        return failure(message, Map.of());
    }

    /** What a code means and what to try. */
    record About(boolean retryable, String description, List<String> suggestions) {

        public About {
            suggestions = List.copyOf(suggestions);
        }

        /** A failure that another attempt may not meet (a timeout, a host that was down). */
        public static About transientFailure(String description, String... suggestions) {
            return new About(true, description, List.of(suggestions));
        }

        /** A failure that will happen again until someone changes something: no retries. */
        public static About permanent(String description, String... suggestions) {
            return new About(false, description, List.of(suggestions));
        }
    }
}
