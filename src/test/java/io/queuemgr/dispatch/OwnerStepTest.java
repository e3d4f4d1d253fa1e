package io.queuemgr.dispatch;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.queuemgr.error.ApiException;
import io.queuemgr.task.ControlCommand;
import io.queuemgr.task.IllegalTransitionException;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/** What the owner of a task's queue does with each request, given the task as it is and where it runs. */
class OwnerStepTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static OwnerStep here(ControlCommand request, Task task) {
        return OwnerStep.decide(request, task, true, NOW);
    }

    private static OwnerStep notHere(ControlCommand request, Task task) {
        return OwnerStep.decide(request, task, false, NOW);
    }

    private static ControlCommand cancel(Task t) {
        return new ControlCommand.Cancel(t, NOW, UUID.randomUUID());
    }

    private static ControlCommand pause(Task t) {
        return new ControlCommand.Pause(t, NOW, UUID.randomUUID());
    }

    private static ControlCommand resume(Task t) {
        return new ControlCommand.Resume(t, NOW, UUID.randomUUID());
    }

    private static ControlCommand retry(Task t) {
        return new ControlCommand.Retry(t, NOW, UUID.randomUUID());
    }

    private static ControlCommand discard(Task t) {
        return new ControlCommand.Discard(t, NOW, UUID.randomUUID());
    }

    @Test
    void aWaitingTaskIsCancelledOrPausedByTheOwnersOwnSnapshot() {
        Task waiting = aTask().in(TaskStatus.PENDING);
        assertThat(notHere(cancel(waiting), waiting)).isEqualTo(new OwnerStep.Publish(waiting.cancel(NOW)));
        assertThat(notHere(pause(waiting), waiting)).isEqualTo(new OwnerStep.Publish(waiting.pause(NOW)));
    }

    @Test
    void aTaskRunningHereGetsTheCommandAndACancelledPausedProcessIsAnsweredOnceItsRunEnded() {
        Task running = aTask().in(TaskStatus.RUNNING);
        Task paused = aTask().pausedWhileRunning();
        assertThat(here(cancel(running), running)).isEqualTo(new OwnerStep.ToRun(running, false));
        assertThat(here(pause(running), running)).isEqualTo(new OwnerStep.ToRun(running, false));
        assertThat(here(cancel(paused), paused)).isEqualTo(new OwnerStep.ToRun(paused, true));
        assertThat(here(resume(paused), paused)).isEqualTo(new OwnerStep.ToRun(paused, false));
    }

    @Test
    void aTaskRunningElsewhereIsLeftToItsRunnerAndRemembered() {
        Task running = aTask().in(TaskStatus.RUNNING);
        Task paused = aTask().pausedWhileRunning();
        assertThat(notHere(cancel(running), running)).isEqualTo(new OwnerStep.Remember(running));
        assertThat(notHere(pause(running), running)).isEqualTo(new OwnerStep.Remember(running));
        assertThat(notHere(resume(paused), paused)).isEqualTo(new OwnerStep.Remember(paused));
    }

    @Test
    void aPausedWaitingTaskIsQueuedAgainAndAPausedOneIsAnsweredAsItIs() {
        Task paused = aTask().in(TaskStatus.PAUSED);
        assertThat(notHere(resume(paused), paused)).isEqualTo(new OwnerStep.PublishWaiting(paused.resume(NOW)));
        assertThat(notHere(pause(paused), paused)).isEqualTo(new OwnerStep.Answer(paused));
    }

    @Test
    void aFailedTaskIsRequeuedOrRemovedAndWaitsForItsRunToSettleFirst() {
        Task failed = aTask().in(TaskStatus.FAILED);
        assertThat(notHere(retry(failed), failed)).isEqualTo(new OwnerStep.PublishWaiting(failed.requeue(NOW)));
        assertThat(notHere(discard(failed), failed)).isEqualTo(new OwnerStep.Tombstone(failed));
        assertThat(here(retry(failed), failed)).isEqualTo(new OwnerStep.AfterRun(failed));
        assertThat(here(discard(failed), failed)).isEqualTo(new OwnerStep.AfterRun(failed));
    }

    @Test
    void aCancelOrPauseOfATaskThatFinishedMeanwhileIsRefusedByTheLifecycleEvenWhileItsRunSettles() {
        Task done = aTask().in(TaskStatus.COMPLETED);
        for (boolean runsHere : new boolean[]{true, false}) {
            IllegalTransitionException cancel = catchThrowableOfType(IllegalTransitionException.class,
                    () -> OwnerStep.decide(cancel(done), done, runsHere, NOW));
            assertThat(cancel.from()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(cancel.to()).isEqualTo(TaskStatus.CANCELLED);
            assertThat(catchThrowableOfType(IllegalTransitionException.class,
                    () -> OwnerStep.decide(pause(done), done, runsHere, NOW)).to()).isEqualTo(TaskStatus.PAUSED);
        }
    }

    @Test
    void aCancelOfATaskCancelledMeanwhileIsAnsweredWithItWhereverItRan() {
        Task waiting = aTask().in(TaskStatus.PENDING);
        Task cancelled = waiting.cancel(NOW);
        ControlCommand asked = cancel(waiting);
        assertThat(here(asked, cancelled)).isEqualTo(new OwnerStep.Answer(cancelled));
        assertThat(notHere(asked, cancelled)).isEqualTo(new OwnerStep.Answer(cancelled));
    }

    @Test
    void aCancelledCopyNoNewerThanWhatTheRequesterSawIsAnOwnerLaggingBehindAndIsRefused() {
        Task cancelled = aTask().in(TaskStatus.PENDING).cancel(NOW);
        Task requeued = cancelled.requeue(NOW);

        IllegalTransitionException refused = catchThrowableOfType(IllegalTransitionException.class,
                () -> notHere(cancel(requeued), cancelled));

        assertThat(refused.from()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void requestsThatNoLongerFitAreRefusedWithTheApisConflicts() {
        Task waiting = aTask().in(TaskStatus.PENDING);
        Task running = aTask().in(TaskStatus.RUNNING);
        assertThat(refusal(retry(waiting), waiting, false).slug()).isEqualTo("task-not-retryable");
        assertThat(refusal(retry(running), running, true).slug()).isEqualTo("task-not-retryable");
        assertThat(refusal(discard(running), running, true).slug()).isEqualTo("task-not-finished");
        assertThat(refusal(resume(waiting), waiting, false).slug()).isEqualTo("task-not-paused");
        ApiException refused = refusal(discard(waiting), waiting, false);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.title()).isEqualTo("Conflict");
        assertThat(refused.getMessage()).isEqualTo("Task " + waiting.id()
                + " is PENDING; only a finished task can be deleted (cancel it first)");
    }

    private static ApiException refusal(ControlCommand request, Task task, boolean runsHere) {
        return catchThrowableOfType(ApiException.class, () -> OwnerStep.decide(request, task, runsHere, NOW));
    }
}
