package io.queuemgr.schedule;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Recurring tasks, under {@code queuemgr.schedules.}. */
@ConfigMapping(prefix = "queuemgr.schedules")
public interface ScheduleConfig {

    /** Whether this instance fires schedules (every instance may; the table lets one fire each slot). */
    @WithDefault("true")
    boolean enabled();

    /** How often each instance looks for schedules whose fire time has come: the lateness a firing may have. */
    @WithDefault("PT0.25S")
    Duration pollInterval();

    /** How often each instance reloads the schedule table in case a change notification was missed. */
    @WithDefault("PT30S")
    Duration reloadInterval();

    /** How long a firing may stay unsubmitted before another instance submits it again (its instance died). */
    @WithDefault("PT30S")
    Duration claimTimeout();

    /** How long the first load of the schedule table may take at start. */
    @WithDefault("PT30S")
    Duration loadTimeout();

    /** How many coming fire times GET /api/schedules/{name} shows. */
    @WithDefault("5")
    int nextFireTimes();
}
