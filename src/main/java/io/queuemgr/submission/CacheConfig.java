package io.queuemgr.submission;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Result caching (a submission's {@code cacheFor}), under {@code queuemgr.cache.}. */
@ConfigMapping(prefix = "queuemgr.cache")
public interface CacheConfig {

    /** Longest {@code cacheFor} a submission may ask; results older than the registry's retention are gone anyway. */
    @WithDefault("PT24H")
    Duration maxAge();
}
