package io.queuemgr.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may call the service, under {@code queuemgr.security.}. */
@ConfigMapping(prefix = "queuemgr.security")
public interface SecurityConfig {

    /**
     * An admin token to set at start (QUEUEMGR_BOOTSTRAP_TOKEN), for scripts, containers and tests; it must start with
     * {@code qm_}. Unset, the service makes an admin token on first start and keeps it in the data directory.
     */
    Optional<String> bootstrapToken();

    /** Where the token made on first start is written (file {@code admin-token}, readable by its owner only). */
    @WithDefault("${queuemgr.data-dir:data}")
    Path dataDir();

    /** OIDC access tokens (mp.jwt.verify.* names the provider's keys and issuer). */
    Oidc oidc();

    /**
     * How often the API tokens are reloaded from PostgreSQL, besides on every change announced by NOTIFY; a token
     * revoked while an instance missed the notification stops working there within this time.
     */
    @WithDefault("PT30S")
    Duration tokenReloadInterval();

    /** How long loading the API tokens and setting the admin token may take at start before start-up fails. */
    @WithDefault("PT60S")
    Duration startupTimeout();

    /** How OIDC tokens map to queuemgr's roles and grants. */
    interface Oidc {
        /** The claim that lists the code-running task types a caller is granted, e.g. ["command", "ssh.*"]. */
        @WithDefault("queuemgr_allowed_types")
        String allowedTypesClaim();
    }
}
