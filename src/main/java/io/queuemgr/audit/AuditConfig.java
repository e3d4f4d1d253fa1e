package io.queuemgr.audit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The audit trail, under {@code queuemgr.audit.}. */
@ConfigMapping(prefix = "queuemgr.audit")
public interface AuditConfig {

    /** How long a row stays in the audit_log table; older rows are swept away. */
    @WithDefault("P90D")
    Duration retention();

    /** How often each instance sweeps rows past the retention out of the audit_log table. */
    @WithDefault("PT1H")
    Duration sweepInterval();

    /**
     * How long making or dropping a day's partition waits for the table's lock (a long listing holds it) before it
     * gives up until the next try.
     */
    @WithDefault("PT5S")
    Duration lockTimeout();

    /**
     * Rows one statement of a sweep deletes from the rows kept from before the trail was partitioned by day, so that
     * no statement holds its locks for long.
     */
    @WithDefault("5000")
    int sweepBatch();

    /** How long one statement of a sweep may take before the sweep fails (and is tried at the next interval). */
    @WithDefault("PT60S")
    Duration sweepStatementTimeout();
}
