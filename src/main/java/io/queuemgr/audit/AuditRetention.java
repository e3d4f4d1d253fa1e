package io.queuemgr.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.PeriodicJob;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the audit table bounded: rows older than {@code queuemgr.audit.retention} are deleted, a few thousand per
 * statement so that no sweep holds locks for long. Every instance sweeps; two sweeps at once delete nothing twice.
 */
@Singleton
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);
    private static final String DELETE = """
            DELETE FROM audit_log WHERE id IN (
                SELECT id FROM audit_log WHERE at < $1 ORDER BY at LIMIT $2)
            """;

    private final Pool pool;
    private final AuditConfig config;
    private final Clock clock;
    private final PeriodicJob sweeper;

    public AuditRetention(Pool pool, AuditConfig config, LoopSupervisor supervisor, Clock clock) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
        this.sweeper = supervisor.schedule("audit-retention", config.sweepInterval(), this::sweepLogged);
    }

    public void start() {
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

    /** Deletes every row recorded before {@code cutoff}; answers how many. */
    long sweep(Instant cutoff) {
        long total = 0;
        int batch = config.sweepBatch();
        int deleted;
        do {
            deleted = pool.preparedQuery(DELETE).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), batch))
                    .await().atMost(config.sweepStatementTimeout()).rowCount();
            total += deleted;
        } while (deleted == batch);
        return total;
    }
}
