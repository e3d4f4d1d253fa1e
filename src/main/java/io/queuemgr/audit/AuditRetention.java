package io.queuemgr.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.queuemgr.supervision.LoopSupervisor;
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
    private final Runnable sweeper;
    private ScheduledExecutorService timer;

    public AuditRetention(Pool pool, AuditConfig config, LoopSupervisor supervisor) {
        this.sweeper = supervisor.guard("audit-retention", this::sweepLogged);
        this.pool = pool;
        this.config = config;
    }

    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("queuemgr-audit-retention").daemon().factory());
        long every = config.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(sweeper, every, every, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
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
