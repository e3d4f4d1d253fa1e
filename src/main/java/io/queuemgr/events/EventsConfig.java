package io.queuemgr.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Server-sent events of task changes, under {@code queuemgr.events.}. */
@ConfigMapping(prefix = "queuemgr.events")
public interface EventsConfig {

    /** How often an idle event stream sends a comment, so that proxies keep the connection open. */
    @WithDefault("PT15S")
    Duration heartbeat();

    /**
     * Changes held for one watcher that reads slower than they come; one more and the watcher is dropped. Above the
     * 2,000 records of one poll of the registry reader, so that a burst alone drops nobody.
     */
    @WithDefault("10000")
    int buffer();
}
