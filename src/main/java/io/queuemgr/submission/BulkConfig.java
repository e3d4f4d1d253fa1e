package io.queuemgr.submission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bulk submission over POST /api/tasks/bulk, under {@code queuemgr.bulk.}. */
@ConfigMapping(prefix = "queuemgr.bulk")
public interface BulkConfig {

    /** Largest accepted bulk body, in bytes; above quarkus.http.limits.max-body-size the HTTP layer refuses first. */
    @WithDefault("16777216")
    int maxBodyBytes();

    /** Most submissions one bulk request may carry. */
    @WithDefault("10000")
    int maxItems();
}
