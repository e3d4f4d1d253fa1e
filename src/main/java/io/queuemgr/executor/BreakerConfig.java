package io.queuemgr.executor;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The circuit breaker each task target gets ({@link Breakers}), under {@code queuemgr.breaker.}. */
@ConfigMapping(prefix = "queuemgr.breaker")
public interface BreakerConfig {

    /** Whether tasks to a target that keeps failing fail fast with CIRCUIT_OPEN; false lets every call through. */
    @WithDefault("true")
    boolean enabled();

    /** Failures in a row (refused or failed connections, timeouts, HTTP 5xx) after which a target's breaker opens. */
    @WithDefault("5")
    int failureThreshold();

    /** How long an open breaker fails calls fast before it lets one trial call through. */
    @WithDefault("PT30S")
    Duration delay();

    /** Most targets whose breakers are kept at once; the least recently used go first. */
    @WithDefault("1000")
    int maxTargets();

    /** How long a target's breaker is kept without a call before it is forgotten (and starts closed again). */
    @WithDefault("PT1H")
    Duration idleAfter();
}
