package io.queuemgr.audit;

import jakarta.inject.Singleton;

import io.queuemgr.config.DayPartitions;
import io.vertx.mutiny.sqlclient.Pool;

/** The partitions of {@code audit_log}, one per day (UTC) of the events, made and dropped under the lock timeout. */
@Singleton
public class AuditPartitions {

    private final DayPartitions days;

    public AuditPartitions(Pool pool, AuditConfig config) {
        this.days = new DayPartitions(pool, "audit_log", config.lockTimeout());
    }

    public DayPartitions days() {
        return days;
    }
}
