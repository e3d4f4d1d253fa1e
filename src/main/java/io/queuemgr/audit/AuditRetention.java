package io.queuemgr.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.config.DayPartitions;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.PeriodicJob;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the audit table bounded: a day's partition is dropped once the whole day is older than
 * {@code queuemgr.audit.retention}, and the coming days' partitions are made ahead. The rows from before the trail was
 * partitioned (one partition for every time before the migration's next day) are deleted as they pass the retention,
 * a few thousand per statement, so that no sweep holds locks for long. Every instance sweeps; two sweeps at once
 * drop and delete nothing twice.
 */
@Singleton
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    private final Pool pool;
    private final AuditPartitions partitions;
    private final AuditConfig config;
    private final Clock clock;
    private final PeriodicJob sweeper;

    public AuditRetention(Pool pool, AuditPartitions partitions, AuditConfig config, LoopSupervisor supervisor,
            Clock clock) {
        this.pool = pool;
        this.partitions = partitions;
        this.config = config;
        this.clock = clock;
        this.sweeper = supervisor.schedule("audit-retention", config.sweepInterval(), this::sweepLogged);
    }

    /** Makes the coming days' partitions now (without waiting for PostgreSQL), then sweeps every interval. */
    public void start() {
        // The writer makes a missing day's partition itself, and the sweep tries again: a failure here only logs.
        ahead().subscribe().with(ok -> {
        }, e -> LOG.warnf("Could not make the coming days' audit partitions yet: %s", e.getMessage()));
        sweeper.start();
    }

    public void stop() {
        sweeper.stop();
    }

    private void sweepLogged() {
        long n = sweep(clock.instant().minus(config.retention()));
        if (n > 0) {
            LOG.debugf("Swept %d audit rows past the retention", n);
        }
    }

    /**
     * Drops every day before {@code cutoff} and deletes the rows from before the partitioning recorded before it;
     * answers how many rows it deleted one by one (a dropped day's rows are not counted).
     */
    long sweep(Instant cutoff) {
        Duration wait = config.sweepStatementTimeout();
        ahead().await().atMost(wait);
        long deleted = 0;
        for (DayPartitions.Partition p : partitions.days().list().await().atMost(wait)) {
            try {
                if (!p.to().isAfter(cutoff)) {
                    partitions.days().drop(p).await().atMost(wait);
                    LOG.infof("Dropped audit partition %s: every event in it is older than %s", p.name(), cutoff);
                } else if (p.from() == null) {
                    deleted += deleteBefore(p.name(), cutoff);
                }
            } catch (RuntimeException e) {
                // Its lock not had in time, or dropped meanwhile by another instance: the next sweep sees to it.
                LOG.warnf("Audit partition %s was not swept this time: %s", p.name(), e.getMessage());
            }
        }
        return deleted;
    }

    /** Deletes the partition's rows recorded before {@code cutoff}, a batch per statement. */
    private long deleteBefore(String partition, Instant cutoff) {
        String delete = "DELETE FROM " + partition + " WHERE (id, at) IN (SELECT id, at FROM " + partition
                + " WHERE at < $1 ORDER BY at LIMIT $2)";
        long total = 0;
        int batch = config.sweepBatch();
        int deleted;
        do {
            deleted = pool.preparedQuery(delete).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), batch))
                    .await().atMost(config.sweepStatementTimeout()).rowCount();
            total += deleted;
        } while (deleted == batch);
        return total;
    }

    private Uni<Void> ahead() {
        return partitions.days().ensureComing(clock.instant());
    }
}
