package io.queuemgr.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.queuemgr.secret.Redactor;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/** The run's state machine as its commands and its executor move it, with the snapshots each move publishes. */
class RunTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final List<Task> published = new CopyOnWriteArrayList<>();
    private final List<String> done = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    private final Task started = Task.pending(UUID.randomUUID(), "q", "command", null, null, List.of(), 0, 3, null,
            null, NOW).start("here", NOW);
    private final Run run = new Run(new RunSnapshots(started, published::add), new RunLogs(started.id(), 1, 100,
            new Redactor(), batch -> CompletableFuture.completedFuture(null)), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private void pausable() {
        run.onPause(() -> done.add("STOP"), () -> done.add("CONT"));
    }

    private List<TaskStatus> statuses() {
        return published.stream().map(Task::status).toList();
    }

    @Test
    void aPauseAskedBeforeTheExecutorCanPauseIsCarriedOutOnceItCan() {
        run.pause();
        assertThat(run.state()).isEqualTo(RunState.PAUSE_ASKED);
        assertThat(published).isEmpty();

        pausable();
        assertThat(run.state()).isEqualTo(RunState.PAUSED);
        assertThat(done).containsExactly("STOP");
        assertThat(statuses()).containsExactly(TaskStatus.PAUSED);
    }

    @Test
    void aResumeBeforeThePauseWasCarriedOutForgetsIt() {
        run.pause();
        run.resume();
        pausable();
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        assertThat(done).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void aPausedRunResumesWhereItStopped() {
        pausable();
        run.pause();
        run.pause();
        run.resume();
        assertThat(done).containsExactly("STOP", "CONT");
        assertThat(statuses()).containsExactly(TaskStatus.PAUSED, TaskStatus.RUNNING);
        assertThat(published.get(1).version()).isEqualTo(started.version() + 2);
    }

    @Test
    void theTimeoutStandsStillWhilePausedAndWhileWaitingForAWorker() {
        timers.setRemoveOnCancelPolicy(true);
        run.startClock(new Deadline(Duration.ofHours(1), timers, () -> done.add("expired")));
        assertThat(timers.getQueue()).hasSize(1);
        pausable();
        run.pause();
        assertThat(timers.getQueue()).isEmpty();
        run.resume();
        assertThat(timers.getQueue()).hasSize(1);
    }

    @Test
    void aRunWaitingForAWorkerIsAnnouncedOnlyWhenAWorkerClaimsIt() {
        run.awaitWorker();
        run.announce();
        assertThat(published).isEmpty();
        run.claimed("worker-7");
        assertThat(run.state()).isEqualTo(RunState.RUNNING);
        assertThat(published).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(t.workerId()).isEqualTo("worker-7");
        });
    }

    @Test
    void aRunIsAnnouncedOnceUnlessTheExecutorReportedFirst() {
        run.announce();
        run.announce();
        assertThat(published).containsExactly(started);
    }

    @Test
    void aStopRunsTheCancelActionsOnceThenTheStopHookAndTheFirstReasonWins() {
        run.onCancel(() -> done.add("kill"));
        run.onStop(() -> done.add("hook"));
        run.stop(RunState.CANCELLING);
        run.stop(RunState.TIMING_OUT);
        assertThat(run.state()).isEqualTo(RunState.CANCELLING);
        assertThat(done).containsExactly("kill", "hook");

        run.onCancel(() -> done.add("late kill"));
        assertThat(done).containsExactly("kill", "hook", "late kill");
    }

    @Test
    void aCancelWhileTheExecutorIsBeingStartedRunsItsStopHookOnceTheExecutorRegistersIt() {
        run.stop(RunState.CANCELLING);
        run.onCancel(() -> done.add("kill"));
        run.onStop(() -> done.add("hook"));
        run.stop(RunState.CANCELLING);

        assertThat(done).containsExactly("kill", "hook");
    }

    @Test
    void aHandOverWhileTheExecutorIsBeingStartedDoesNotRunItsStopHook() {
        run.handOver();
        run.onStop(() -> done.add("hook"));

        assertThat(done).isEmpty();
    }

    @Test
    void aReleaseDropsOnlyAPausedProcessAndWithoutTheStopHook() {
        run.onCancel(() -> done.add("kill"));
        run.onStop(() -> done.add("hook"));
        assertThat(run.release()).isFalse();
        assertThat(run.state()).isEqualTo(RunState.RUNNING);

        pausable();
        run.pause();
        assertThat(run.release()).isTrue();
        assertThat(run.state()).isEqualTo(RunState.HANDING_OVER);
        assertThat(done).containsExactly("STOP", "kill");
    }

    @Test
    void commandsAndChangesAfterTheOutcomeIsDecidedAreIgnored() {
        AtomicInteger kills = new AtomicInteger();
        run.onCancel(kills::incrementAndGet);
        pausable();
        Run.Ended ended = run.finish();
        assertThat(ended).isEqualTo(new Run.Ended(RunState.RUNNING, started));

        run.stop(RunState.CANCELLING);
        run.pause();
        run.snapshots().update(t -> t.progress(50, "late", null, NOW));
        assertThat(run.state()).isEqualTo(RunState.FINISHING);
        assertThat(kills).hasValue(0);
        assertThat(published).isEmpty();
    }

    @Test
    void theOutcomeIsDecidedByTheFirstReasonToStop() {
        run.stop(RunState.TIMING_OUT);
        assertThat(run.finish().state()).isEqualTo(RunState.TIMING_OUT);
    }
}
