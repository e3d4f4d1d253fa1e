package io.queuemgr.testing;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.SupervisionConfig;

/** Loop supervisors for plain unit tests: quick backoffs (5 ms, then up to 20 ms), healthy after a minute. */
public final class TestSupervisors {

    private TestSupervisors() {
    }

    /** A supervisor that gives a loop up after {@code maxFailuresInARow} failures in a row. */
    public static LoopSupervisor quick(int maxFailuresInARow) {
        return quick(maxFailuresInARow, new SimpleMeterRegistry());
    }

    /** The same, reporting to {@code metrics}. */
    public static LoopSupervisor quick(int maxFailuresInARow, MeterRegistry metrics) {
        return new LoopSupervisor(new SupervisionConfig() {
            @Override
            public Duration firstBackoff() {
                return Duration.ofMillis(5);
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMillis(20);
            }

            @Override
            public int maxFailuresInARow() {
                return maxFailuresInARow;
            }

            @Override
            public Duration healthyAfter() {
                return Duration.ofMinutes(1);
            }
        }, metrics);
    }
}
