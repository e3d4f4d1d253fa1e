package io.queuemgr.dispatch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.registry.TaskLogBatch;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/**
 * The executor's window on its running task: every change becomes the next snapshot on the status topic, log lines
 * are batched onto the log topic, and a stop runs the executor's cancel actions.
 */
final class RunContext implements ExecutionContext {

    private static final Logger LOG = Logger.getLogger(RunContext.class);
    private static final int LOG_BATCH_LINES = 200;

    /** Why a running task was stopped from outside. */
    enum StopReason {
        TIMEOUT,
        /** The instance is shutting down: the task is left for redelivery, not ended. */
        SHUTDOWN
    }

    private final TaskStatusPublisher publisher;
    private final Clock clock;
    private final List<Runnable> cancelActions = new CopyOnWriteArrayList<>();
    private final List<String> pendingLines = new ArrayList<>();
    private Task current;
    private volatile StopReason stopReason;

    RunContext(Task running, TaskStatusPublisher publisher, Clock clock) {
        this.current = running;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public synchronized Task task() {
        return current;
    }

    @Override
    public void progress(Integer percent, String step) {
        update(t -> t.progress(percent, step, null, clock.instant()));
    }

    @Override
    public void status(TaskStatus intermediate) {
        update(t -> t.progress(null, null, intermediate, clock.instant()));
    }

    @Override
    public void log(String line) {
        List<String> full = null;
        synchronized (this) {
            pendingLines.add(line);
            if (pendingLines.size() >= LOG_BATCH_LINES) {
                full = drainLines();
            }
        }
        if (full != null) {
            sendLines(full).subscribe().with(x -> {
            }, e -> LOG.warnf("Log lines of task %s were not kept: %s", current.id(), e.getMessage()));
        }
    }

    @Override
    public boolean isCancelled() {
        return stopReason != null;
    }

    @Override
    public void onCancel(Runnable action) {
        cancelActions.add(action);
        if (stopReason != null) {
            action.run();
        }
    }

    /** Stops the executor: its cancel actions run once, whatever thread asks. */
    void stop(StopReason reason) {
        synchronized (this) {
            if (stopReason != null) {
                return;
            }
            stopReason = reason;
        }
        for (Runnable action : cancelActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warnf("A cancel action of task %s failed: %s", current.id(), e.getMessage());
            }
        }
    }

    StopReason stopReason() {
        return stopReason;
    }

    /** Applies a change to the snapshot and publishes it; snapshots leave in version order. */
    synchronized void update(UnaryOperator<Task> change) {
        Task next = change.apply(current);
        if (next != current) {
            current = next;
            publisher.publishQuietly(next);
        }
    }

    /**
     * Applies the final change and answers a Uni that publishes it on each subscription, so that a failed publish
     * can be retried with the very same snapshot.
     */
    Uni<Task> end(UnaryOperator<Task> change) {
        Task last;
        synchronized (this) {
            current = change.apply(current);
            last = current;
        }
        return publisher.publish(last);
    }

    synchronized boolean hasUnsentLogs() {
        return !pendingLines.isEmpty();
    }

    /** Sends the log lines not yet sent; the final snapshot follows only after this. */
    Uni<Void> flushLogs() {
        List<String> lines;
        synchronized (this) {
            lines = drainLines();
        }
        return lines.isEmpty() ? Uni.createFrom().voidItem() : sendLines(lines);
    }

    private List<String> drainLines() {
        List<String> lines = new ArrayList<>(pendingLines);
        pendingLines.clear();
        return lines;
    }

    private Uni<Void> sendLines(List<String> lines) {
        return publisher.publishLogs(new TaskLogBatch(current.id(), current.attempt(), lines));
    }
}
