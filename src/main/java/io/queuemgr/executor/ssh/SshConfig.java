package io.queuemgr.executor.ssh;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How SSH and SCP tasks connect, under {@code queuemgr.ssh.}. */
@ConfigMapping(prefix = "queuemgr.ssh")
public interface SshConfig {

    /** Most connections open at once to one host, port, user and credential; more tasks wait for one to be free. */
    @WithDefault("4")
    int maxConnectionsPerTarget();

    /**
     * Most commands that run at once on one connection, each on a channel of its own. OpenSSH allows 10 by default
     * (its MaxSessions); the two left over let a cancel open the channel that kills a command. File transfers have a
     * connection to themselves.
     */
    @WithDefault("8")
    int sessionsPerConnection();

    /** How long an unused connection stays open in the pool before it is closed. */
    @WithDefault("PT2M")
    Duration idleTimeout();

    /** How long each step of opening a connection (TCP, key exchange, authentication) may take. */
    @WithDefault("PT15S")
    Duration connectTimeout();

    /** The known-hosts file host keys are checked against, unless a task names its own knownHosts. */
    @WithDefault("${user.home}/.ssh/known_hosts")
    String knownHosts();

    /** Folders a task's keyFile must lie in (apart from queuemgr.guard.path-roots, which transfers may read). */
    @WithDefault("${user.home}/.ssh")
    List<String> keyFileRoots();
}
