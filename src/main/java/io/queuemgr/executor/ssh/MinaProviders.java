package io.queuemgr.executor.ssh;

import org.apache.sshd.common.util.security.SecurityProviderRegistrar;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Makes MINA use its ed25519 provider (net.i2p eddsa) as the instance it made, not as whatever the JVM has registered
 * under the name "EdDSA". A named lookup finds the first registration, which in a JVM of several class loaders (the
 * tests: the service's, then plain unit tests) may hold another loader's classes and refuse this one's keys.
 */
final class MinaProviders {

    private static final String USE_NAMED = SecurityProviderRegistrar.CONFIG_PROP_BASE + "."
            + SecurityUtils.EDDSA + "." + SecurityProviderRegistrar.NAMED_PROVIDER_PROPERTY;

    static {
        if (System.getProperty(USE_NAMED) == null) {
            System.setProperty(USE_NAMED, "false");
        }
    }

    private MinaProviders() {
    }

    /** Called before MINA's security set-up is first used; the work is done once, when this class loads. */
    static void configure() {
        // The static initialiser has run by now.
    }
}
