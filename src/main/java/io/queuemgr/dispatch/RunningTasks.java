package io.queuemgr.dispatch;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.Task;

/**
 * The tasks running on this instance, and the one door for changing them: a command for a task that runs here moves
 * its {@link Run}; a cancel or pause for a task that does not is remembered as an early mark, which the runner
 * honours when a work record of the task arrives. The owner's changes of a task outside a run ({@link #claim}) and the
 * runner's start of it ({@link #admit}) are exclusive per task.
 */
@Singleton
public class RunningTasks {

    private static final Logger LOG = Logger.getLogger(RunningTasks.class);

    private final Map<UUID, Run> runs = new ConcurrentHashMap<>();
    private final EarlyMarks cancels;
    private final EarlyMarks pauses;
    /** Changes of tasks outside a run under way here, done once their snapshot is on Kafka and in the registry. */
    private final Map<UUID, CompletableFuture<Void>> changes = new ConcurrentHashMap<>();

    public RunningTasks(TaskMeters meters, Clock clock, QueuemgrConfig config) {
        this.cancels = new EarlyMarks(clock::millis, config.dispatch().earlyCommandMemory());
        this.pauses = new EarlyMarks(clock::millis, config.dispatch().earlyCommandMemory());
        meters.registry().gaugeMapSize("queuemgr.tasks.running.local", List.of(), runs);
    }

    /**
     * Carries out a command from the control topic. Commands are applied in order, on the caller's thread: a pause
     * or resume runs a short kill, and a resume must follow its pause.
     */
    public void apply(ControlCommand command) {
        Run run = runs.get(command.taskId());
        switch (command) {
            case ControlCommand.Cancel c when run != null -> {
                LOG.infof("Cancelling task %s", c.taskId());
                run.stop(RunState.CANCELLING);
            }
            // Its work record may still be on its way here.
            case ControlCommand.Cancel c -> cancels.remember(c.taskId(), c.version());
            case ControlCommand.Pause p when run != null -> {
                LOG.infof("Pausing task %s", p.taskId());
                run.pause();
            }
            // A work record of it that arrives here is set aside.
            case ControlCommand.Pause p -> pauses.remember(p.taskId(), p.version());
            case ControlCommand.Resume r -> {
                pauses.forget(r.taskId());
                if (run != null) {
                    LOG.infof("Resuming task %s", r.taskId());
                    run.resume();
                }
            }
            // Only the queue's owner retries or discards a task, and not while it runs.
            case ControlCommand.Retry r -> {
            }
            case ControlCommand.Discard d -> {
            }
            case ControlCommand.Release r -> {
                // Another instance took the task over: a process paused here ends without an outcome, as at shutdown.
                if (run != null && run.release()) {
                    LOG.infof("Task %s went to another instance while paused here; its process is dropped",
                            r.taskId());
                }
            }
        }
    }

    /**
     * The owner's way in: the task's run if it runs here, the change under way if there is one, or a hold: no run of
     * the task starts here and no other change of it begins until the hold is released ({@link #whileHeld}).
     */
    synchronized TaskAccess.Claim claim(UUID taskId) {
        CompletableFuture<Void> underWay = changes.get(taskId);
        if (underWay != null) {
            return new TaskAccess.Busy(underWay);
        }
        Run run = runs.get(taskId);
        return run != null ? new TaskAccess.Runs(run) : hold(taskId);
    }

    /**
     * The runner's way in, exclusive with {@link #claim}: what a work record of {@code current} does. Busy while a
     * change of the task is under way, or when {@code current} is no longer the task's newest state (a change was
     * just made): look again. Otherwise an early cancel or a pause holds the task for the runner's own change, a run
     * already here is answered, and else the new run is added and started.
     */
    synchronized TaskAccess.Admission admit(Task current, Supplier<Run> newRun, BooleanSupplier stillCurrent) {
        return admit(current, newRun, stillCurrent, false);
    }

    /** As above; a task {@code reused} (it takes a cached result) is held for its completion instead of a run. */
    synchronized TaskAccess.Admission admit(Task current, Supplier<Run> newRun, BooleanSupplier stillCurrent,
            boolean reused) {
        UUID id = current.id();
        CompletableFuture<Void> underWay = changes.get(id);
        if (underWay != null || !stillCurrent.getAsBoolean()) {
            return new TaskAccess.Busy(underWay == null ? CompletableFuture.completedFuture(null) : underWay);
        }
        if (cancels.take(current)) {
            return new TaskAccess.CancelledEarly(hold(id));
        }
        boolean pausedEarly = pauses.take(current);
        if (current.status().isPaused() || pausedEarly) {
            return new TaskAccess.SetAside(hold(id));
        }
        Run earlier = runs.get(id);
        if (earlier != null) {
            return new TaskAccess.Runs(earlier);
        }
        if (reused) {
            return new TaskAccess.Reused(hold(id));
        }
        Run run = newRun.get();
        runs.put(id, run);
        return new TaskAccess.Started(run);
    }

    /** Makes a change under a hold, and releases the hold once the change has ended, however it ended. */
    <T> CompletableFuture<T> whileHeld(TaskAccess.Held hold, Supplier<CompletableFuture<T>> change) {
        CompletableFuture<T> done;
        try {
            done = change.get();
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        return done.whenComplete((ok, error) -> {
            changes.remove(hold.taskId(), hold.change());
            hold.change().complete(null);
        });
    }

    /**
     * Remembers a cancel or pause of the task at {@code version}, which does not run here, for when its work record
     * arrives; a resume forgets the pause.
     */
    void remember(ControlCommand command, long version) {
        switch (command) {
            case ControlCommand.Cancel c -> cancels.remember(c.taskId(), version);
            case ControlCommand.Pause p -> pauses.remember(p.taskId(), version);
            case ControlCommand.Resume r -> pauses.forget(r.taskId());
            default -> {
            }
        }
    }

    private TaskAccess.Held hold(UUID taskId) {
        TaskAccess.Held hold = new TaskAccess.Held(taskId, new CompletableFuture<>());
        changes.put(taskId, hold.change());
        return hold;
    }

    void remove(UUID taskId, Run run) {
        runs.remove(taskId, run);
    }

    boolean runs(UUID taskId) {
        return runs.containsKey(taskId);
    }

    void forEach(Consumer<Run> action) {
        runs.values().forEach(action);
    }

    /** Stops every task still running here without ending it, so that it is redelivered. */
    void abandonAll() {
        runs.values().forEach(Run::handOver);
    }
}
