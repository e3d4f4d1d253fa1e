package io.queuemgr.dispatch;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.error.ApiException;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStatusPublisher;
import io.queuemgr.registry.Tombstones;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The owner's side of an operator's request: the instance that owns the task's queue carries out every change of the
 * task, so that one writer gives every snapshot after the submission its version. A request for a task that runs
 * here goes to its {@link Run}; for one that runs elsewhere (a partition moved) it is remembered for its work record;
 * for a waiting, paused or finished task the owner writes the snapshot (CANCELLED, PAUSED, PENDING and a work record,
 * a tombstone). Requests for one task are carried out one after the other ({@link TaskTurns}), each against the task
 * as it is then, and exclusively with the start of a run of it ({@link RunningTasks#claim}).
 */
@Singleton
public class OwnerControl {

    private static final Logger LOG = Logger.getLogger(OwnerControl.class);
    /** Acks arrive on the producer's network thread; changes and answers continue on a worker thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final RunningTasks running;
    private final TaskRegistry registry;
    private final TaskStatusPublisher publisher;
    private final Tombstones tombstones;
    private final Clock clock;
    private final TaskTurns turns = new TaskTurns(WORKERS);

    public OwnerControl(RunningTasks running, TaskRegistry registry, TaskStatusPublisher publisher,
            Tombstones tombstones, Clock clock) {
        this.running = running;
        this.registry = registry;
        this.publisher = publisher;
        this.tombstones = tombstones;
        this.clock = clock;
    }

    /**
     * Carries a request out in the task's turn. Answers the task as it is afterwards (a new snapshot is on Kafka and in
     * this registry by then), or fails with the refusal as the REST API answers it: an {@link ApiException} (409 from
     * {@link ControlChecks}) or an {@link io.queuemgr.task.IllegalTransitionException} when the task moved on meanwhile.
     * {@code seen} is the task as the caller saw it, for when the registry no longer holds it; null for none.
     */
    public CompletableFuture<Task> carryOut(ControlCommand request, Task seen) {
        return turns.inTurn(request.taskId(), () -> withAccess(request, seen));
    }

    private CompletableFuture<Task> withAccess(ControlCommand request, Task seen) {
        return switch (running.claim(request.taskId())) {
            case TaskAccess.Busy b -> b.change().thenComposeAsync(ok -> withAccess(request, seen), WORKERS);
            case TaskAccess.Runs r -> toRun(request, latest(request, seen), r.run());
            case TaskAccess.Held h -> running.whileHeld(h, () -> change(request, latest(request, seen)));
        };
    }

    /** A request for a task that runs here: its run carries it out. */
    private CompletableFuture<Task> toRun(ControlCommand request, Task task, Run run) {
        return switch (OwnerStep.decide(request, task, true, clock.instant())) {
            case OwnerStep.ToRun step -> {
                handTo(run, request);
                yield step.awaitEnd()
                        ? afterRun(run).thenApply(ok -> latest(request, task))
                        : CompletableFuture.completedFuture(task);
            }
            case OwnerStep.AfterRun step -> afterRun(run).thenCompose(ok -> withAccess(request, task));
            default -> CompletableFuture.completedFuture(task);
        };
    }

    /** A request for a task that does not run here, carried out while the owner holds the task. */
    private CompletableFuture<Task> change(ControlCommand request, Task task) {
        return switch (OwnerStep.decide(request, task, false, clock.instant())) {
            case OwnerStep.Answer step -> CompletableFuture.completedFuture(step.task());
            case OwnerStep.Remember step -> {
                running.remember(request, step.task().version());
                yield CompletableFuture.completedFuture(step.task());
            }
            case OwnerStep.Publish step -> publisher.publishAsync(step.next());
            case OwnerStep.PublishWaiting step -> publisher.publishWaiting(step.next());
            case OwnerStep.Tombstone step ->
                tombstones.remove(step.task().id(), step.task().queue()).thenApply(ok -> step.task());
            case OwnerStep.ToRun step -> CompletableFuture.completedFuture(step.task());
            case OwnerStep.AfterRun step -> CompletableFuture.completedFuture(step.task());
        };
    }

    private static void handTo(Run run, ControlCommand request) {
        switch (request) {
            case ControlCommand.Cancel c -> {
                LOG.infof("Cancelling task %s", c.taskId());
                run.stop(RunState.CANCELLING);
            }
            case ControlCommand.Pause p -> {
                LOG.infof("Pausing task %s", p.taskId());
                run.pause();
            }
            case ControlCommand.Resume r -> {
                LOG.infof("Resuming task %s", r.taskId());
                run.resume();
            }
            default -> {
            }
        }
    }

    private static CompletableFuture<Void> afterRun(Run run) {
        return run.settled().handleAsync((ok, error) -> null, WORKERS);
    }

    /** The task as this instance holds it now; the caller's view if it has left the registry. */
    private Task latest(ControlCommand request, Task seen) {
        return registry.get(request.taskId()).or(() -> Optional.ofNullable(seen))
                .orElseThrow(() -> ApiException.notFound("task", "No task with id " + request.taskId()));
    }
}
