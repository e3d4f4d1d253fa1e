package io.queuemgr.task;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

class TaskLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void everyChangeRaisesTheVersion() {
        Task p = aTask().pending();
        Task running = p.start("w1", T0.plusSeconds(1));
        Task progressed = running.progress(40, "half way", null, T0.plusSeconds(2));
        Task done = progressed.succeed(TextNode.valueOf("ok"), T0.plusSeconds(3));
        assertThat(List.of(p.version(), running.version(), progressed.version(), done.version()))
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void completedTaskCannotStartAgain() {
        Task done = aTask().in(TaskStatus.COMPLETED);
        assertThatThrownBy(() -> done.start("w", T0)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("COMPLETED").hasMessageContaining("RUNNING");
    }

    @Test
    void pendingTaskCannotCompleteWithoutRunning() {
        assertThatThrownBy(() -> aTask().pending().succeed(null, T0)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void onlyAWaitingTaskCompletesWithAReusedResultNamingItsSource() {
        Task source = aTask().in(TaskStatus.COMPLETED);
        Task reused = aTask().pending().reuse(source, T0);
        assertThat(reused.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(reused.cachedFrom()).isEqualTo(source.id());
        assertThat(reused.version()).isEqualTo(2);
        assertThatThrownBy(() -> aTask().in(TaskStatus.RUNNING).reuse(source, T0))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> aTask().in(TaskStatus.PAUSED).reuse(source, T0))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void intermediateStatusesAreOnlyReachedWhileRunning() {
        Task running = aTask().pending().start("w", T0);
        assertThat(running.progress(null, null, TaskStatus.UPLOADING, T0).status()).isEqualTo(TaskStatus.UPLOADING);
        assertThatThrownBy(() -> aTask().pending().progress(null, null, TaskStatus.UPLOADING, T0))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aRunInterruptedByACrashMayStartAgainAsTheNextAttempt() {
        Task running = aTask().pending().start("w1", T0);
        Task again = running.start("w2", T0.plusSeconds(5));
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.workerId()).isEqualTo("w2");
    }

    @Test
    void aPausedRunningTaskKeepsItsWorkerAndResumesRunningWhileAPausedWaitingOneWaitsAgain() {
        Task pausedRunning = aTask().pausedWhileRunning();
        assertThat(pausedRunning.holdsProcess()).isTrue();
        assertThat(pausedRunning.resume(T0.plusSeconds(3)).status()).isEqualTo(TaskStatus.RUNNING);

        Task retryWaiting = aTask().pending().start("w1", T0).retryLater(null, null, T0.plusSeconds(60), T0);
        Task pausedWaiting = retryWaiting.pause(T0.plusSeconds(1));
        assertThat(pausedWaiting.workerId()).isNull();
        Task resumed = pausedWaiting.resume(T0.plusSeconds(2));
        assertThat(resumed.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(resumed.nextRetryAt()).isEqualTo(T0.plusSeconds(60));

        Task released = pausedRunning.released(T0.plusSeconds(3));
        assertThat(released.status()).isEqualTo(TaskStatus.PAUSED);
        assertThat(released.holdsProcess()).isFalse();
        assertThat(released.resume(T0.plusSeconds(4)).status()).isEqualTo(TaskStatus.PENDING);
        assertThatThrownBy(() -> aTask().in(TaskStatus.COMPLETED).pause(T0))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void finalStatusesAreFinal() {
        assertThat(TaskTransitions.isAllowed(TaskStatus.COMPLETED, TaskStatus.PENDING)).isFalse();
        assertThat(TaskTransitions.isAllowed(TaskStatus.FAILED, TaskStatus.PENDING)).isTrue();
        assertThat(TaskTransitions.isAllowed(TaskStatus.CANCELLED, TaskStatus.RUNNING)).isFalse();
    }

    @Test
    void idsSortByCreationTime() throws InterruptedException {
        var first = TaskIds.newId();
        var later = TaskIds.deterministic(System.currentTimeMillis() + 5, 1, 2);
        assertThat(first.version()).isEqualTo(7);
        assertThat(later.version()).isEqualTo(7);
        assertThat(first).isLessThan(later);
        assertThat(TaskIds.deterministic(1000, 3, 4)).isEqualTo(TaskIds.deterministic(1000, 3, 4))
                .isNotEqualTo(TaskIds.deterministic(1000, 3, 5));
    }

    @Test
    void aScheduledOrHeldSubmissionIsStillTheFirstSnapshot() {
        Task scheduled = aTask().pending().scheduledFor(T0.plusSeconds(60));
        assertThat(scheduled.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(scheduled.nextRetryAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(scheduled.version()).isEqualTo(1);
        Task held = scheduled.heldBack();
        assertThat(held.status()).isEqualTo(TaskStatus.PAUSED);
        assertThat(held.version()).isEqualTo(1);
        assertThat(held.holdsProcess()).isFalse();
        // A held task is started by the operator's resume, and keeps its time if it had one.
        Task resumed = held.resume(T0.plusSeconds(5));
        assertThat(resumed.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(resumed.nextRetryAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(held.cancel(T0.plusSeconds(5)).status()).isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void onlyANewTaskCanBeScheduledOrHeldBack() {
        Task running = aTask().in(TaskStatus.RUNNING);
        assertThatThrownBy(() -> running.heldBack()).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> running.scheduledFor(T0)).isInstanceOf(IllegalTransitionException.class);
        assertThat(TaskTransitions.isInitial(TaskStatus.RUNNING)).isFalse();
        assertThat(TaskTransitions.isInitial(TaskStatus.PAUSED)).isTrue();
    }
}
