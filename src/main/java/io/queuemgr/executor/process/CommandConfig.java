package io.queuemgr.executor.process;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** How command and script tasks start their processes, under {@code queuemgr.command.}. */
@ConfigMapping(prefix = "queuemgr.command")
public interface CommandConfig {

    /**
     * Variables of the service's environment that a task's process gets as well, besides PATH, HOME and LANG;
     * nothing else of the service's environment (credentials included) reaches a task.
     */
    Optional<List<String>> envPassthrough();
}
