package io.queuemgr.history;

import java.time.Clock;
import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.config.RegistryConfig;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.PeriodicJob;

/**
 * Keeps history bounded: a day's partition is dropped once its tasks were all created and finished longer ago than
 * {@code queuemgr.history.retention}, and the coming days' partitions are made ahead, so that the first tasks of a
 * day do not wait for one. Every instance sweeps; two sweeps at once drop nothing twice.
 */
@Singleton
public class HistoryRetention {

    private static final Logger LOG = Logger.getLogger(HistoryRetention.class);

    private static final Duration MARGIN = Duration.ofDays(1);

    private final HistorySweep sweep;
    private final Clock clock;
    private final PeriodicJob sweeper;

    public HistoryRetention(HistoryPartitions partitions, HistoryConfig config, QueuemgrConfig queuemgr,
            LoopSupervisor supervisor, Clock clock) {
        RegistryConfig registry = queuemgr.registry();
        requireLongerThanTheRegistry(config.retention(), registry.retention(), registry.deadLetterRetention());
        this.sweep = new HistorySweep(partitions, config.retention());
        this.clock = clock;
        this.sweeper = supervisor.schedule("history-retention", config.sweepInterval(), this::sweepLogged);
    }

    /**
     * Observing start-up first makes this bean (and its check of the settings) before anything else starts, so that
     * settings it refuses stop the start before any loop runs. Nothing else is to be done here.
     */
    void checkAtStart(@Observes @Priority(1) StartupEvent event) {
        // The constructor did the work.
    }

    /** Makes the coming days' partitions now (without waiting for PostgreSQL), then sweeps every interval. */
    public void start() {
        // The writer makes a missing day's partition itself, and the sweep tries again: a failure here only logs.
        sweep.ahead(clock.instant()).subscribe().with(ok -> {
        }, e -> LOG.warnf("Could not make the coming days' history partitions yet: %s", e.getMessage()));
        sweeper.start();
    }

    public void stop() {
        sweeper.stop();
    }

    private void sweepLogged() {
        sweep.sweep(clock.instant());
    }

    /**
     * The registry lets go of a finished task only once history holds it, so history must keep tasks longer than the
     * registry does; otherwise the registry would hold on to them for good.
     */
    static void requireLongerThanTheRegistry(Duration history, Duration finished, Duration deadLetters) {
        Duration longest = finished.compareTo(deadLetters) > 0 ? finished : deadLetters;
        // A day more, for history that lags behind (PostgreSQL away for a while).
        if (history.compareTo(longest.plus(MARGIN)) < 0) {
            throw new IllegalStateException("queuemgr.history.retention (" + history + ") must be at least a day "
                    + "longer than the registry keeps finished tasks (queuemgr.registry.retention " + finished
                    + ", queuemgr.registry.dead-letter-retention " + deadLetters + ")");
        }
    }

}
