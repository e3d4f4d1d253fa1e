package io.queuemgr.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Several instances' statistics, each over its own tasks (split holding), combined as one instance would give them. */
class CombinedStatsTest {

    private static TaskStats.Durations sample(long from, long to) {
        DurationSample s = new DurationSample(to - from + 1);
        for (long ms = from; ms <= to; ms++) {
            s.add(ms);
        }
        return s.durations();
    }

    private static TaskStats stats(long completed, long failed, long pending, TaskStats.Durations run,
            TaskStats.Window minute) {
        return new TaskStats(null, completed + failed + pending,
                Map.of("COMPLETED", completed, "FAILED", failed, "PENDING", pending),
                Map.of("noop", completed + failed),
                pending, 0, (double) completed / (completed + failed), run, sample(5, 5), minute, minute, List.of());
    }

    @Test
    void countsAndRatesAreOverEveryInstancesTasks() {
        TaskStats a = stats(90, 10, 5, sample(1, 100), new TaskStats.Window(6, 0, 0.1, 0.0));
        TaskStats b = stats(10, 90, 0, sample(1, 100), new TaskStats.Window(0, 6, 0.1, 1.0));
        TaskStats both = TaskStats.combined(null, List.of(a, b), List.of("c"));
        assertThat(both.total()).isEqualTo(205);
        assertThat(both.byStatus()).containsEntry("COMPLETED", 100L).containsEntry("FAILED", 100L)
                .containsEntry("PENDING", 5L);
        assertThat(both.byType()).containsEntry("noop", 200L);
        assertThat(both.queueLength()).isEqualTo(5);
        assertThat(both.successRate()).isEqualTo(0.5);
        assertThat(both.lastMinute()).isEqualTo(new TaskStats.Window(6, 6, 0.2, 0.5));
        assertThat(both.unanswered()).containsExactly("c");
    }

    @Test
    void percentilesAreThoseOfAllTheDurationsTogether() {
        // One instance ran 900 short tasks, the other 100 long ones: the p95 lies among the long ones.
        TaskStats.Durations fast = sample(1, 900);
        TaskStats.Durations slow = sample(10_001, 10_100);
        TaskStats.Durations both = TaskStats.Durations.combined(List.of(fast, slow));
        TaskStats.Durations fastAlone = sample(1, 900);
        assertThat(both.count()).isEqualTo(1_000);
        assertThat(both.avg()).isCloseTo((900 * 450.5 + 100 * 10_050.5) / 1_000, within(0.001));
        assertThat(both.p50()).isBetween(495L, 505L);
        assertThat(both.p95()).isBetween(10_045L, 10_055L);
        assertThat(fastAlone.p95()).isEqualTo(855L);
    }

    @Test
    void oneInstancesFiguresCombineToThemselves() {
        TaskStats.Durations few = sample(1, 37);
        assertThat(TaskStats.Durations.combined(List.of(few)).withoutPoints()).isEqualTo(few.withoutPoints());
        TaskStats.Durations many = sample(1, 100_000);
        TaskStats.Durations again = TaskStats.Durations.combined(List.of(many));
        assertThat((double) again.p50()).isCloseTo(many.p50(), within(0.01 * 100_000));
        assertThat((double) again.p95()).isCloseTo(many.p95(), within(0.01 * 100_000));
    }

    @Test
    void anInstanceThatGivesNoPointsCountsInTheCountAndAverageButNotThePercentiles() {
        TaskStats.Durations pointed = sample(1, 100);
        TaskStats.Durations older = new TaskStats.Durations(100, 10_050.5, 10_050L, 10_095L);
        TaskStats.Durations both = TaskStats.Durations.combined(List.of(pointed, older));
        assertThat(both.count()).isEqualTo(200);
        assertThat(both.avg()).isCloseTo((50.5 + 10_050.5) / 2, within(0.001));
        assertThat(both.p95()).isEqualTo(pointed.p95());
        assertThat(TaskStats.Durations.combined(List.of(older)).p50()).isNull();
    }

    @Test
    void noDurationsAnywhereGiveNone() {
        TaskStats.Durations none = new DurationSample(0).durations();
        assertThat(TaskStats.Durations.combined(List.of(none, none)))
                .isEqualTo(new TaskStats.Durations(0, null, null, null));
    }

    @Test
    void aClientsAnswerLeavesThePointsOut() {
        assertThat(sample(1, 10).points()).hasSize(10);
        assertThat(sample(1, 1_000).points()).hasSize(DurationSample.POINTS);
        assertThat(sample(1, 10).withoutPoints().points()).isNull();
    }
}
