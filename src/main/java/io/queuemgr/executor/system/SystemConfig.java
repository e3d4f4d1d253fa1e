package io.queuemgr.executor.system;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** How the system tasks work on this host, under {@code queuemgr.system.}. */
@ConfigMapping(prefix = "queuemgr.system")
public interface SystemConfig {

    /**
     * The package manager's command line that system.update runs, one argument per entry (e.g.
     * {@code apt-get,-y,upgrade}); unset, system.update is off.
     */
    Optional<List<String>> updateCommand();
}
