package io.queuemgr.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

class RunStateTest {

    private static EnumSet<RunState> movesFrom(RunState from) {
        EnumSet<RunState> to = EnumSet.noneOf(RunState.class);
        Arrays.stream(RunState.values()).filter(from::canMoveTo).forEach(to::add);
        return to;
    }

    @Test
    void theFirstReasonToStopWins() {
        for (RunState stop : EnumSet.of(RunState.TIMING_OUT, RunState.CANCELLING, RunState.HANDING_OVER)) {
            assertThat(stop.isStopping()).isTrue();
            assertThat(movesFrom(stop)).containsExactly(RunState.FINISHING);
        }
    }

    @Test
    void nothingMovesARunWhoseOutcomeIsDecided() {
        assertThat(movesFrom(RunState.FINISHING)).isEmpty();
    }

    @Test
    void aPausedRunRunsOnOrStops() {
        assertThat(movesFrom(RunState.PAUSED)).containsExactlyInAnyOrder(RunState.RUNNING, RunState.TIMING_OUT,
                RunState.CANCELLING, RunState.HANDING_OVER, RunState.FINISHING);
    }

    @Test
    void aRunWaitingForAWorkerRunsOnceClaimedAndCannotBePaused() {
        assertThat(RunState.AWAITING_WORKER.canMoveTo(RunState.RUNNING)).isTrue();
        assertThat(RunState.AWAITING_WORKER.canMoveTo(RunState.PAUSED)).isFalse();
        assertThat(RunState.AWAITING_WORKER.canMoveTo(RunState.PAUSE_ASKED)).isFalse();
    }

    @Test
    void theTimeoutStandsStillOnlyWhilePausedOrWaitingForAWorker() {
        assertThat(EnumSet.allOf(RunState.class).stream().filter(RunState::holdsClock))
                .containsExactlyInAnyOrder(RunState.PAUSED, RunState.AWAITING_WORKER);
    }
}
