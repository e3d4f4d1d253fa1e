package io.queuemgr.testing;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A {@code @ConfigMapping} with every setting at its default, for plain unit tests of classes that take one. */
public final class ConfigDefaults {

    private ConfigDefaults() {
    }

    public static <T> T of(Class<T> mapping) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(mapping).build();
        return config.getConfigMapping(mapping);
    }
}
