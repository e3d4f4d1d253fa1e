package io.queuemgr.history;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.queuemgr.config.DayPartitions;
import io.smallrye.mutiny.Uni;

/**
 * One pass of the history's upkeep: the coming days' partitions are made, and a day's partition is dropped once its
 * tasks were all created and finished longer ago than the retention.
 */
final class HistorySweep {

    private static final Logger LOG = Logger.getLogger(HistorySweep.class);
    private static final Duration STATEMENT = Duration.ofSeconds(60);

    private final HistoryPartitions partitions;
    private final Duration retention;

    HistorySweep(HistoryPartitions partitions, Duration retention) {
        this.partitions = partitions;
        this.retention = retention;
    }

    /**
     * Makes the coming days' partitions and drops those past the retention at {@code now}; answers how many. A day
     * that cannot be dropped now (its lock not had in time, dropped meanwhile by another instance) is left for the
     * next sweep.
     */
    int sweep(Instant now) {
        ahead(now).await().atMost(STATEMENT);
        Instant cutoff = now.minus(retention);
        int dropped = 0;
        for (DayPartitions.Partition p : partitions.days().list().await().atMost(STATEMENT)) {
            if (p.to().isAfter(cutoff)) {
                break;
            }
            try {
                if (partitions.dropUnlessFinishedSince(p, cutoff).await().atMost(STATEMENT)) {
                    LOG.infof("Dropped history partition %s: every task in it finished before %s (retention %s)",
                            p.name(), cutoff, retention);
                    dropped++;
                } else {
                    LOG.debugf("History partition %s is past the retention but holds tasks that finished since %s",
                            p.name(), cutoff);
                }
            } catch (RuntimeException e) {
                LOG.warnf("History partition %s was not dropped this time: %s", p.name(), e.getMessage());
            }
        }
        return dropped;
    }

    /** Makes the partitions of today and the next days, where missing. */
    Uni<Void> ahead(Instant now) {
        return partitions.days().ensureComing(now);
    }
}
