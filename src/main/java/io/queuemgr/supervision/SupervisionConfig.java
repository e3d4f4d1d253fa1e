package io.queuemgr.supervision;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the service's long-lived loops are restarted after errors, under {@code queuemgr.supervision.}. */
@ConfigMapping(prefix = "queuemgr.supervision")
public interface SupervisionConfig {

    /** Wait before the first restart of a loop that stopped on an error; it doubles with each failure in a row. */
    @WithDefault("PT0.2S")
    Duration firstBackoff();

    /** Longest wait between restarts. */
    @WithDefault("PT30S")
    Duration maxBackoff();

    /** Failures in a row after which a loop is given up and liveness goes down (the instance needs a restart). */
    @WithDefault("10")
    int maxFailuresInARow();

    /** A loop that ran this long since its last restart starts counting its failures afresh. */
    @WithDefault("PT60S")
    Duration healthyAfter();
}
