package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Durations gathered for {@link TaskStats.Durations}: count and average over all of them, percentiles over every
 * {@code stride}-th, so that statistics over a million finished tasks sort at most {@value #KEPT} values (the
 * percentiles of such a sample are within a fraction of a percent of the exact ones).
 */
final class DurationSample {

    static final int KEPT = 65_536;
    /** How many quantile points {@link TaskStats.Durations} carries for combining instances' figures. */
    static final int POINTS = 200;

    private final int stride;
    private long[] kept = new long[256];
    private int keptCount;
    private long count;
    private double sum;

    /** For about {@code expected} durations. */
    DurationSample(long expected) {
        this.stride = (int) Math.max(1, (expected + KEPT - 1) / KEPT);
    }

    void add(long ms) {
        if (count++ % stride == 0) {
            if (keptCount == kept.length) {
                kept = Arrays.copyOf(kept, keptCount * 2);
            }
            kept[keptCount++] = ms;
        }
        sum += ms;
    }

    TaskStats.Durations durations() {
        if (count == 0) {
            return new TaskStats.Durations(0, null, null, null);
        }
        long[] v = Arrays.copyOf(kept, keptCount);
        Arrays.sort(v);
        int n = v.length;
        int k = Math.min(n, POINTS);
        List<Long> points = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            points.add(v[(int) ((j + 0.5) * n / k)]);
        }
        return new TaskStats.Durations(count, sum / count, v[(int) Math.ceil(0.50 * n) - 1],
                v[(int) Math.ceil(0.95 * n) - 1], points);
    }
}
