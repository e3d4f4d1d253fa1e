package io.queuemgr.dispatch;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import io.queuemgr.executor.BlockingWork;
import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.secret.TaskSecrets;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/**
 * The executor's window on its {@link Run}: every change it reports becomes the next snapshot, its log lines go to
 * the log topic, and it learns when the run is stopped or paused from outside.
 */
final class RunContext implements ExecutionContext {

    private static final Logger LOG = Logger.getLogger(RunContext.class);
    /** Longest current step kept; a step is a short description, not output. */
    private static final int MAX_STEP_CHARS = 1024;

    private final Run run;
    private final TaskSecrets secrets;
    private final Clock clock;

    RunContext(Run run, TaskSecrets secrets, Clock clock) {
        this.run = run;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public Task task() {
        return run.snapshots().current();
    }

    @Override
    public TaskSecrets secrets() {
        return secrets;
    }

    @Override
    public void progress(Integer percent, String step) {
        String redacted = secrets.redactor().redact(step);
        String kept = redacted == null || redacted.length() <= MAX_STEP_CHARS
                ? redacted
                : redacted.substring(0, MAX_STEP_CHARS);
        run.snapshots().update(t -> t.progress(percent, kept, null, clock.instant()));
    }

    @Override
    public void status(TaskStatus intermediate) {
        run.snapshots().update(t -> t.progress(null, null, intermediate, clock.instant()));
    }

    @Override
    public void log(String line) {
        CompletableFuture<Void> sent = run.logs().add(line);
        if (sent != null) {
            sent.whenComplete((ok, e) -> {
                if (e != null) {
                    LOG.warnf("Log lines of task %s were not kept: %s", task().id(), e.getMessage());
                }
            });
        }
    }

    @Override
    public boolean isCancelled() {
        return run.state().isStopping();
    }

    @Override
    public void onCancel(Runnable action) {
        run.onCancel(action);
    }

    @Override
    public void onPause(Runnable pause, Runnable resume) {
        run.onPause(pause, resume);
    }

    @Override
    public boolean isHandedOver() {
        return run.state() == RunState.HANDING_OVER;
    }

    @Override
    public <T> Uni<T> blocking(Callable<T> work) {
        return BlockingWork.run(work, this::onCancel);
    }
}
