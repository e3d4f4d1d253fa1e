package io.queuemgr.queue;

import java.time.Duration;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskError;

/**
 * How a queue retries a failed attempt: whether another attempt follows, and how long it waits,
 * {@code min(baseDelay × 2^(attempt−1), maxDelay)}. {@code maxRetries} is what a task of the queue gets unless its
 * submission asks for another number; a task carries its own from then on.
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, int maxRetries) {

    /** A new queue's policy, and the one for a task whose queue is not (or no longer) known. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofHours(1), 3);

    /** Past this many doublings every delay is the cap (and {@code 2^n} stays a long). */
    private static final int MAX_DOUBLINGS = 40;

    public static RetryPolicy of(QueueDefinition queue) {
        return new RetryPolicy(queue.retryBaseDelay(), queue.retryMaxDelay(), queue.maxRetries());
    }

    /**
     * Whether the attempt that just ended with {@code error} is followed by another: a retry can help (the error
     * code's retryable flag, or what a pull worker reported) and the task has retries left.
     */
    public boolean retries(TaskError error, Task ended) {
        return error.retryable() && ended.hasAttemptsLeft();
    }

    /** How long the retry after attempt {@code attempt} (1 for the first) waits. */
    public Duration delayAfter(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, MAX_DOUBLINGS));
        Duration delay = doublings >= MAX_DOUBLINGS ? maxDelay : baseDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
