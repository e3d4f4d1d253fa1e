package io.queuemgr.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.queuemgr.executor.BlockingWork;
import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.secret.SecretStore;
import io.queuemgr.secret.TaskSecrets;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/**
 * Runs an executor without Kafka or the service: the context records what the executor reports (progress, steps,
 * intermediate statuses, log lines) and can cancel it, and {@link #run} waits for its outcome. Secrets come from the
 * files of a directory given with {@link #withSecretsIn}; log lines are redacted as in the service.
 */
public final class FakeContext implements ExecutionContext {

    /** One progress report. */
    public record Report(Integer percent, String step) {
    }

    private final Task task;
    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final List<TaskStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<String> logs = new CopyOnWriteArrayList<>();
    private final List<Runnable> cancelActions = new ArrayList<>();
    private TaskSecrets secrets = new TaskSecrets(SecretStore.inDirectory(Path.of("/nonexistent-secrets")));
    private boolean cancelled;

    private FakeContext(Task task) {
        this.task = task;
    }

    /** A context for a running task of the type. */
    public static FakeContext forType(String type) {
        return new FakeContext(TaskBuilder.aTask().ofType(type).in(TaskStatus.RUNNING));
    }

    public static FakeContext forTask(Task task) {
        return new FakeContext(task);
    }

    /** Secrets are the files of the directory, by name. */
    public FakeContext withSecretsIn(Path dir) {
        this.secrets = new TaskSecrets(SecretStore.inDirectory(dir));
        return this;
    }

    /** Starts the executor with the params; the future completes with its outcome or its failure. */
    public <P> CompletableFuture<TaskOutcome> start(TaskExecutor<P> executor, P params) {
        CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
        try {
            executor.execute(params, this).subscribe().with(outcome::complete, outcome::completeExceptionally);
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
        return outcome;
    }

    /** Runs the executor to its outcome, waiting at most a minute; its failure is thrown. */
    public <P> TaskOutcome run(TaskExecutor<P> executor, P params) {
        return await(start(executor, params), Duration.ofMinutes(1));
    }

    public static TaskOutcome await(CompletableFuture<TaskOutcome> outcome, Duration atMost) {
        try {
            return outcome.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("The executor did not end within " + atMost, e);
        }
    }

    /** Cancels the run as a user's cancel would: the executor's cancel actions run. */
    public void cancel() {
        List<Runnable> actions;
        synchronized (this) {
            cancelled = true;
            actions = List.copyOf(cancelActions);
        }
        actions.forEach(Runnable::run);
    }

    public List<Report> reports() {
        return List.copyOf(reports);
    }

    public List<Integer> percents() {
        return reports.stream().map(Report::percent).filter(Objects::nonNull).toList();
    }

    public List<String> steps() {
        return reports.stream().map(Report::step).filter(Objects::nonNull).toList();
    }

    public List<TaskStatus> statuses() {
        return List.copyOf(statuses);
    }

    public List<String> logs() {
        return List.copyOf(logs);
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public void progress(Integer percent, String step) {
        reports.add(new Report(percent, secrets.redactor().redact(step)));
    }

    @Override
    public void status(TaskStatus intermediate) {
        statuses.add(intermediate);
    }

    @Override
    public TaskSecrets secrets() {
        return secrets;
    }

    @Override
    public void log(String line) {
        logs.add(secrets.redactor().redact(line));
    }

    @Override
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable action) {
        boolean now;
        synchronized (this) {
            now = cancelled;
            if (!now) {
                cancelActions.add(action);
            }
        }
        if (now) {
            action.run();
        }
    }

    @Override
    public void onPause(Runnable pause, Runnable resume) {
    }

    @Override
    public boolean isHandedOver() {
        return false;
    }

    @Override
    public <T> Uni<T> blocking(Callable<T> work) {
        return BlockingWork.run(work, this::onCancel);
    }
}
