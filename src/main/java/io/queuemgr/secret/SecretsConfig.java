package io.queuemgr.secret;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where secrets named by {@code {"secretRef": "NAME"}} come from, under {@code queuemgr.secrets.}. */
@ConfigMapping(prefix = "queuemgr.secrets")
public interface SecretsConfig {

    /**
     * Directory with one file per secret: the file name is the secret's name, its content the value (one trailing
     * newline is dropped), the shape of a mounted Kubernetes Secret. Looked at first.
     */
    @WithDefault(".stack/secrets")
    String dir();

    /** Prefix of the environment variables that hold secrets, looked at when the directory has no such file. */
    @WithDefault("QUEUEMGR_SECRET_")
    String envPrefix();
}
