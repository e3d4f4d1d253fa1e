package io.queuemgr.history;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** PostgreSQL history of finished tasks, under {@code queuemgr.history.}. */
@ConfigMapping(prefix = "queuemgr.history")
public interface HistoryConfig {

    /**
     * How long a finished task stays in history. A day of tasks (by creation) is dropped once every one of them
     * finished longer ago than this. Must be longer than the registry keeps finished tasks and dead letters.
     */
    @WithDefault("P90D")
    Duration retention();

    /** How often each instance drops days past the retention and creates the next days' partitions. */
    @WithDefault("PT1H")
    Duration sweepInterval();

    /**
     * How long creating or dropping a day's partition waits for the table's lock (held by long listings) before it
     * gives up until the next try, so that it never holds up the writes queued behind it.
     */
    @WithDefault("PT5S")
    Duration lockTimeout();
}
