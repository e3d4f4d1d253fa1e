package io.queuemgr.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** Running tasks. */
public interface DispatchConfig {
    /** Whether this instance runs tasks at all (an API-only instance sets false). */
    @WithDefault("true")
    boolean enabled();

    /** Tasks this instance runs at once. */
    @WithDefault("256")
    int maxInFlight();

    /**
     * Fetched tasks kept whole while they wait for a slot. Beyond this many, a waiting task is kept as its place
     * in line (about 100 bytes) and read from the registry when it starts.
     */
    @WithDefault("4096")
    int bufferSize();

    /**
     * Fetched tasks waiting for a slot before the consumer stops fetching. Priority is kept over everything
     * fetched, so a higher-priority task overtakes a backlog smaller than this.
     */
    @WithDefault("1000000")
    int maxBuffered();

    /** Timeout of a task that names none. */
    @WithDefault("PT1H")
    Duration defaultTimeout();

    /** How long running tasks may take to finish when the instance stops; the rest run again elsewhere. */
    @WithDefault("PT30S")
    Duration shutdownGrace();

    /**
     * Largest task snapshot on the status topic, in bytes (below Kafka's default record limit of 1 MiB). A task
     * whose outcome would be larger ends FAILED with RESULT_TOO_LARGE and a preview of its result.
     */
    @WithDefault("900000")
    int maxSnapshotBytes();

    /** How often committed offsets move forward. */
    @WithDefault("PT0.5S")
    Duration commitInterval();

    /** How long the broker may hold a work-topic fetch for up to 16 KiB of tasks; zero: a fetch per task. */
    @WithDefault("PT0.005S")
    Duration fetchWait();

    /**
     * How long an instance given partitions of the work topic waits for its registry to catch up with the status
     * topic before it runs their tasks; past it, a task another instance just finished may run again.
     */
    @WithDefault("PT60S")
    Duration catchUpTimeout();

    /** How long a stopped task's executor may take to end before its run ends without it (as cancelled). */
    @WithDefault("PT10S")
    Duration stopGrace();

    /**
     * How long a cancel or pause for a task not running here is remembered, in case a work record of the task
     * is still on its way.
     */
    @WithDefault("PT10M")
    Duration earlyCommandMemory();

    /**
     * How long a task that still runs on another instance when its queue moves here (an instance joined or left) is
     * left to that instance without word from it; past it, the task runs again here. The instance that runs it says
     * so four times in this time.
     */
    @WithDefault("PT10S")
    Duration handoverLease();
}
