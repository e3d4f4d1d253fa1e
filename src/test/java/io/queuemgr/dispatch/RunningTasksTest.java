package io.queuemgr.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.secret.Redactor;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.Task;
import io.queuemgr.testing.ConfigDefaults;
import io.queuemgr.testing.MovableClock;

/** Every control command goes through the table of running tasks, which remembers those that came early. */
class RunningTasksTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RunningTasks running = new RunningTasks(new TaskMeters(meters), new MovableClock(NOW),
            ConfigDefaults.of(QueuemgrConfig.class));
    private final Task pending = Task.pending(UUID.randomUUID(), "q", "command", null, null, List.of(), 0, 3, null,
            null, NOW);
    private final List<String> done = new CopyOnWriteArrayList<>();

    private Run runOf(Task task) {
        Run run = newRun(task);
        assertThat(running.admit(task, () -> run, () -> true)).isEqualTo(new TaskAccess.Started(run));
        return run;
    }

    private Run newRun(Task task) {
        Task started = task.start("here", NOW);
        Run run = new Run(new RunSnapshots(started, t -> {
        }), new RunLogs(started.id(), 1, 100, new Redactor(), batch -> CompletableFuture.completedFuture(null)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        run.onCancel(() -> done.add("kill"));
        run.onPause(() -> done.add("STOP"), () -> done.add("CONT"));
        return run;
    }

    private TaskAccess.Admission workArrives(Task task) {
        return running.admit(task, () -> newRun(task), () -> true);
    }

    @Test
    void commandsMoveTheRunOfATaskThatRunsHere() {
        Run run = runOf(pending);
        running.apply(new ControlCommand.Pause(pending, NOW));
        assertThat(run.state()).isEqualTo(RunState.PAUSED);
        running.apply(new ControlCommand.Resume(pending, NOW));
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        running.apply(new ControlCommand.Cancel(pending, NOW));
        assertThat(run.state()).isEqualTo(RunState.CANCELLING);
        assertThat(done).containsExactly("STOP", "CONT", "kill");
    }

    @Test
    void aReleaseDropsOnlyAPausedRun() {
        Run run = runOf(pending);
        running.apply(new ControlCommand.Release(pending, NOW));
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        running.apply(new ControlCommand.Pause(pending, NOW));
        running.apply(new ControlCommand.Release(pending, NOW));
        assertThat(run.state()).isEqualTo(RunState.HANDING_OVER);
    }

    @Test
    void aCancelForATaskNotRunningHereIsHonouredOnceWhenItsWorkArrives() {
        running.apply(new ControlCommand.Cancel(pending, NOW));
        TaskAccess.Admission first = workArrives(pending);
        assertThat(first).isInstanceOf(TaskAccess.CancelledEarly.class);
        running.whileHeld(((TaskAccess.CancelledEarly) first).hold(), () -> CompletableFuture.completedFuture(null));
        assertThat(workArrives(pending)).isInstanceOf(TaskAccess.Started.class);
    }

    @Test
    void anEarlyCommandDoesNotReachALaterVersionOfTheTask() {
        running.apply(new ControlCommand.Cancel(pending, NOW));
        running.apply(new ControlCommand.Pause(pending, NOW));
        Task requeued = pending.start("elsewhere", NOW).fail(null, null, NOW).requeue(NOW);
        assertThat(workArrives(requeued)).isInstanceOf(TaskAccess.Started.class);
    }

    @Test
    void aResumeForgetsAnEarlyPause() {
        running.apply(new ControlCommand.Pause(pending, NOW));
        running.apply(new ControlCommand.Resume(pending, NOW));
        assertThat(workArrives(pending)).isInstanceOf(TaskAccess.Started.class);
    }

    @Test
    void noRunStartsWhileTheOwnerHoldsTheTaskAndItStartsOnceTheChangeIsDone() {
        TaskAccess.Claim claim = running.claim(pending.id());
        assertThat(claim).isInstanceOf(TaskAccess.Held.class);
        CompletableFuture<Task> write = new CompletableFuture<>();
        running.whileHeld((TaskAccess.Held) claim, () -> write);

        TaskAccess.Admission meanwhile = workArrives(pending);
        assertThat(meanwhile).isInstanceOf(TaskAccess.Busy.class);
        assertThat(running.claim(pending.id())).isInstanceOf(TaskAccess.Busy.class);
        assertThat(((TaskAccess.Busy) meanwhile).change()).isNotDone();

        write.complete(pending);
        assertThat(((TaskAccess.Busy) meanwhile).change()).isDone();
        assertThat(workArrives(pending)).isInstanceOf(TaskAccess.Started.class);
    }

    @Test
    void theOwnerFindsTheRunOfATaskThatStartedFirst() {
        Run run = runOf(pending);
        assertThat(running.claim(pending.id())).isEqualTo(new TaskAccess.Runs(run));
    }

    @Test
    void aWorkRecordReadBeforeAChangeJustMadeLooksAgain() {
        assertThat(running.admit(pending, () -> newRun(pending), () -> false)).isInstanceOf(TaskAccess.Busy.class);
        assertThat(running.runs(pending.id())).isFalse();
    }

    @Test
    void aRefusedChangeReleasesTheTaskToo() {
        TaskAccess.Held held = (TaskAccess.Held) running.claim(pending.id());
        CompletableFuture<Object> refused = running.whileHeld(held, () -> {
            throw new IllegalStateException("refused");
        });
        assertThat(refused).isCompletedExceptionally();
        assertThat(workArrives(pending)).isInstanceOf(TaskAccess.Started.class);
    }

    @Test
    void abandoningHandsEveryRunOverAndTheGaugeCountsThem() {
        Run run = runOf(pending);
        assertThat(meters.get("queuemgr.tasks.running.local").gauge().value()).isEqualTo(1);
        running.abandonAll();
        assertThat(run.state()).isEqualTo(RunState.HANDING_OVER);
        running.remove(pending.id(), run);
        assertThat(running.runs(pending.id())).isFalse();
        assertThat(meters.get("queuemgr.tasks.running.local").gauge().value()).isZero();
    }
}
