package io.queuemgr.dispatch;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.registry.TaskMeters;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.Task;

/**
 * The tasks running on this instance, and the one door for control commands: a command for a task that runs here
 * moves its {@link Run}; a cancel or pause for a task that does not is remembered as an early mark, which the
 * runner honours when a work record of the task arrives.
 */
@Singleton
public class RunningTasks {

    private static final Logger LOG = Logger.getLogger(RunningTasks.class);

    private final Map<UUID, Run> runs = new ConcurrentHashMap<>();
    private final EarlyMarks cancels = new EarlyMarks(System::currentTimeMillis);
    private final EarlyMarks pauses = new EarlyMarks(System::currentTimeMillis);

    public RunningTasks(TaskMeters meters) {
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
            case ControlCommand.Release r -> {
                // Another instance took the task over: a process paused here ends without an outcome, as at shutdown.
                if (run != null && run.release()) {
                    LOG.infof("Task %s went to another instance while paused here; its process is dropped",
                            r.taskId());
                }
            }
        }
    }

    /** Adds a run unless the task already runs here; answers the run already there, or null. */
    Run add(UUID taskId, Run run) {
        return runs.putIfAbsent(taskId, run);
    }

    void remove(UUID taskId, Run run) {
        runs.remove(taskId, run);
    }

    boolean runs(UUID taskId) {
        return runs.containsKey(taskId);
    }

    /** Whether a cancel came for this version of the task before it ran here (the mark is used up). */
    boolean cancelledEarly(Task task) {
        return cancels.take(task);
    }

    /** Whether a pause came for this version of the task before it ran here (the mark is used up). */
    boolean pausedEarly(Task task) {
        return pauses.take(task);
    }

    void forEach(Consumer<Run> action) {
        runs.values().forEach(action);
    }

    /** Stops every task still running here without ending it, so that it is redelivered. */
    void abandonAll() {
        runs.values().forEach(Run::handOver);
    }
}
