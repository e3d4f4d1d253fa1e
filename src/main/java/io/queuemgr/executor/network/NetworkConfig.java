package io.queuemgr.executor.network;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What network tasks may reach and how hard they may push, under {@code queuemgr.network.}. */
@ConfigMapping(prefix = "queuemgr.network")
public interface NetworkConfig {

    /** CIDRs whose hosts a network.scan task may scan; every address a host resolves to must lie in one. */
    @WithDefault("127.0.0.0/8,::1/128")
    List<String> scanAllowedCidrs();

    /** The most ports one network.scan task may probe. */
    @WithDefault("10000")
    int scanMaxPorts();

    /** The most connections one network.scan task may have open at once (its concurrency param is capped by it). */
    @WithDefault("200")
    int scanMaxConcurrency();
}
