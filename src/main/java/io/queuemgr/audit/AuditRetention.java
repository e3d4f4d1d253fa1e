package io.queuemgr.audit;

import java.time.Duration;
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
    private static final int BATCH = 5000;
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);
    private static final String DELETE = """
            DELETE FROM audit_log WHERE id IN (
                SELECT id FROM audit_log WHERE at < $1 ORDER BY at LIMIT $2)
            """;

    private final Pool pool;
    private final AuditConfig config;
    private final PeriodicJob sweeper;

    public AuditRetention(Pool pool, AuditConfig config, LoopSupervisor supervisor) {
        this.pool = pool;
        this.config = config;
        this.sweeper = supervisor.schedule("audit-retention", config.sweepInterval(), this::sweepLogged);
    }

    public void start() {
        sweeper.start();
    }

    public void stop() {
        sweeper.stop();
    }

    private void sweepLogged() {
        long n = sweep(Instant.now().minus(config.retention()));
        if (n > 0) {
            LOG.debugf("Swept %d audit rows past the retention", n);
        }
    }

    /** Deletes every row recorded before {@code cutoff}; answers how many. */
    long sweep(Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = pool.preparedQuery(DELETE).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), BATCH))
                    .await().atMost(STATEMENT_TIMEOUT).rowCount();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
