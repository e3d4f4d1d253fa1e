package io.queuemgr.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DurationSampleTest {

    @Test
    void fewDurationsGiveExactPercentiles() {
        DurationSample sample = new DurationSample(4);
        for (long ms : new long[]{40, 10, 30, 20}) {
            sample.add(ms);
        }
        assertThat(sample.durations().withoutPoints()).isEqualTo(new TaskStats.Durations(4, 25.0, 20L, 40L));
    }

    @Test
    void aMillionDurationsGiveAnExactCountAndAverageAndPercentilesWithinAPercent() {
        int n = 1_000_000;
        DurationSample sample = new DurationSample(n);
        for (int i = 0; i < n; i++) {
            // Every value from 1 to n once, in a scrambled order.
            sample.add((i * 7_919L) % n + 1);
        }
        TaskStats.Durations d = sample.durations();
        assertThat(d.count()).isEqualTo(n);
        assertThat(d.avg()).isCloseTo((n + 1) / 2.0, within(0.001));
        assertThat((double) d.p50()).isCloseTo(0.50 * n, within(0.01 * n));
        assertThat((double) d.p95()).isCloseTo(0.95 * n, within(0.01 * n));
    }
}
