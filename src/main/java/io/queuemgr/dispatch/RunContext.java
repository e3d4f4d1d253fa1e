package io.queuemgr.dispatch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.messaging.TaskLogBatch;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.secret.TaskSecrets;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * The executor's window on its running task: every change becomes the next snapshot on the status topic, log lines
 * are batched onto the log topic, and a stop runs the executor's cancel actions.
 */
final class RunContext implements ExecutionContext {

    private static final Logger LOG = Logger.getLogger(RunContext.class);
    private static final int LOG_BATCH_LINES = 200;
    /** A batch of log lines is sent once it holds this many characters, well below Kafka's record limit. */
    private static final int LOG_BATCH_CHARS = 256 * 1024;
    /** Longest current step kept; a step is a short description, not output. */
    private static final int MAX_STEP_CHARS = 1024;

    /** Why a running task was stopped from outside. */
    enum StopReason {
        TIMEOUT,
        /** Someone cancelled the task: it ends CANCELLED. */
        CANCEL,
        /** The instance is shutting down: the task is left for redelivery, not ended. */
        SHUTDOWN
    }

    private final TaskStatusPublisher publisher;
    private final Clock clock;
    private final List<Runnable> cancelActions = new CopyOnWriteArrayList<>();
    private final List<String> pendingLines = new ArrayList<>();
    private Task current;
    private boolean announced;
    private volatile StopReason stopReason;
    private volatile Consumer<StopReason> stopper;
    private Runnable pauseAction;
    private Runnable resumeAction;
    private boolean paused;
    /** The task waits for a pull worker: nothing is announced until one claims it. */
    private boolean awaitingWorker;
    /** Reasons the timeout clock stands still (paused, waiting for a worker). */
    private int clockHolds;
    private Runnable clockStart;
    private Runnable clockStop;
    private boolean pauseAsked;

    /** The version of the snapshot this run started with. */
    private final long startVersion;
    /** Completes once this run's outcome is on Kafka (or fails when the run was left for redelivery). */
    private final CompletableFuture<Void> settled = new CompletableFuture<>();

    private final int maxLineChars;
    private int pendingChars;
    private final TaskSecrets secrets;

    RunContext(Task running, TaskStatusPublisher publisher, Clock clock, int maxLineChars, TaskSecrets secrets) {
        this.maxLineChars = maxLineChars;
        this.secrets = secrets;
        this.current = running;
        this.startVersion = running.version();
        this.publisher = publisher;
        this.clock = clock;
    }

    long startVersion() {
        return startVersion;
    }

    /** Completes once this run's outcome is on Kafka; fails when the run was left for another instance. */
    CompletableFuture<Void> settled() {
        return settled;
    }

    @Override
    public synchronized Task task() {
        return current;
    }

    @Override
    public TaskSecrets secrets() {
        return secrets;
    }

    @Override
    public void progress(Integer percent, String step) {
        step = secrets.redactor().redact(step);
        String kept = step == null || step.length() <= MAX_STEP_CHARS ? step : step.substring(0, MAX_STEP_CHARS);
        update(t -> t.progress(percent, kept, null, clock.instant()));
    }

    @Override
    public void status(TaskStatus intermediate) {
        update(t -> t.progress(null, null, intermediate, clock.instant()));
    }

    @Override
    public void log(String line) {
        // Redacted before it is cut, so that a cut cannot leave half a secret readable.
        line = secrets.redactor().redact(line);
        String kept = line.length() <= maxLineChars
                ? line
                : line.substring(0, maxLineChars) + " [" + (line.length() - maxLineChars) + " more characters cut]";
        List<String> full = null;
        synchronized (this) {
            pendingLines.add(kept);
            pendingChars += kept.length();
            if (pendingLines.size() >= LOG_BATCH_LINES || pendingChars >= LOG_BATCH_CHARS) {
                full = drainLines();
            }
        }
        if (full != null) {
            sendLines(full).whenComplete((ok, e) -> {
                if (e != null) {
                    LOG.warnf("Log lines of task %s were not kept: %s", current.id(), e.getMessage());
                }
            });
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

    @Override
    public void onPause(Runnable pause, Runnable resume) {
        boolean due;
        synchronized (this) {
            pauseAction = pause;
            resumeAction = resume;
            due = pauseAsked;
        }
        if (due) {
            pause();
        }
    }

    /** Starts the timeout clock now, unless something holds it; holds stop and release it from then on. */
    synchronized void startClock(Runnable start, Runnable stop) {
        clockStart = start;
        clockStop = stop;
        if (clockHolds == 0) {
            start.run();
        }
    }

    private void holdClock() {
        if (clockHolds++ == 0 && clockStop != null) {
            clockStop.run();
        }
    }

    private void releaseClock() {
        if (--clockHolds == 0 && clockStart != null) {
            clockStart.run();
        }
    }

    @Override
    public synchronized void awaitWorker() {
        if (!awaitingWorker) {
            awaitingWorker = true;
            holdClock();
        }
    }

    @Override
    public void claimed(String workerId) {
        synchronized (this) {
            if (!awaitingWorker || stopReason != null) {
                return;
            }
            awaitingWorker = false;
            releaseClock();
        }
        update(t -> t.claimedBy(workerId, clock.instant()));
    }

    @Override
    public boolean isHandedOver() {
        return stopReason == StopReason.SHUTDOWN;
    }

    /**
     * Pauses the run: the executor's pause action, then the PAUSED snapshot. A pause asked for before the executor
     * could take it is carried out once it registers how. Blocks while the action runs (a {@code kill}).
     */
    synchronized void pause() {
        if (paused || stopReason != null) {
            return;
        }
        if (pauseAction == null) {
            pauseAsked = true;
            return;
        }
        pauseAsked = false;
        pauseAction.run();
        paused = true;
        holdClock();
        update(t -> t.status() == TaskStatus.PAUSED || t.status().isFinal() ? t : t.pause(clock.instant()));
    }

    /** Resumes a paused run (RUNNING again), or forgets a pause not carried out yet. */
    synchronized void resume() {
        pauseAsked = false;
        if (!paused || stopReason != null) {
            return;
        }
        resumeAction.run();
        paused = false;
        releaseClock();
        update(t -> t.status() == TaskStatus.PAUSED ? t.resume(clock.instant()) : t);
    }

    synchronized boolean isPaused() {
        return paused;
    }

    /** How a stop is carried out once the executor runs (its stop hook, then a forced end after a grace). */
    void onStopRequest(Consumer<StopReason> how) {
        stopper = how;
    }

    /** Asks for the task to stop, for the given reason; the first reason wins. */
    void requestStop(StopReason reason) {
        Consumer<StopReason> how = stopper;
        if (how != null) {
            how.accept(reason);
        } else {
            stop(reason);
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
            announced = true;
            publisher.publishQuietly(next);
        }
    }

    /**
     * Publishes the RUNNING snapshot unless the executor already published a later one. Called once the executor
     * has been started and has not finished at once: a task that ends while being started goes straight from
     * PENDING to its final snapshot, which carries its start time.
     */
    synchronized void announce() {
        if (!announced && !awaitingWorker) {
            announced = true;
            publisher.publishQuietly(current);
        }
    }

    /** Applies the final change and answers the final snapshot, to be published (and retried) as it is. */
    synchronized Task end(UnaryOperator<Task> change) {
        current = change.apply(current);
        return current;
    }

    synchronized boolean hasUnsentLogs() {
        return !pendingLines.isEmpty();
    }

    /** Sends the log lines not yet sent; the final snapshot follows only after this. */
    CompletableFuture<Void> flushLogs() {
        List<String> lines;
        synchronized (this) {
            lines = drainLines();
        }
        return lines.isEmpty() ? CompletableFuture.completedFuture(null) : sendLines(lines);
    }

    private List<String> drainLines() {
        List<String> lines = new ArrayList<>(pendingLines);
        pendingLines.clear();
        pendingChars = 0;
        return lines;
    }

    private CompletableFuture<Void> sendLines(List<String> lines) {
        return publisher.publishLogsAsync(new TaskLogBatch(current.id(), current.attempt(), lines));
    }
}
