package io.queuemgr.fuzz;

import java.util.SplittableRandom;

/**
 * The seed and size of one fuzz run. {@code -Dfuzz.seed=} repeats a run exactly; each generated case draws from its
 * own generator derived from the seed and its index, so case {@code i} is the same whatever ran before it.
 */
public record FuzzRun(long seed, int count) {

    /** The run a test asks for: the seed from {@code fuzz.seed} or a fresh one, printed to repeat a failure. */
    public static FuzzRun fromSystemProperties(String name, String countProperty, int defaultCount) {
        String given = System.getProperty("fuzz.seed");
        long seed = given == null || given.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(given.trim());
        int count = Integer.getInteger(countProperty, defaultCount);
        System.out.printf("%s: seed %d, %d cases (repeat with -Dfuzz.seed=%d -D%s=%d)%n", name, seed, count, seed,
                countProperty, count);
        return new FuzzRun(seed, count);
    }

    /** The generator of case {@code index}. */
    public SplittableRandom caseRandom(int index) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1L)));
    }

    /** A short tag of this run for names (queues, keys) that must not clash with other runs. */
    public String tag() {
        return Long.toHexString(seed & 0xFFFFFFFFL);
    }
}
