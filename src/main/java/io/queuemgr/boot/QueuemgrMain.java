package io.queuemgr.boot;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.queuemgr.registry.EarlyCheckpoint;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The service's entry point: starts reading the registry checkpoint before the framework boots, on a core the boot
 * leaves mostly idle, then runs the service. The data directory is looked up here from the same places the service
 * reads its configuration from (system properties, the environment, {@code application.properties} with its profile);
 * should that miss (a source only the framework knows), the start sees that the read was of another file, lets it go,
 * and reads the checkpoint itself (docs/architecture.md, "Restart from a checkpoint").
 */
@QuarkusMain
public final class QueuemgrMain {

    private QueuemgrMain() {
    }

    public static void main(String... args) {
        // A native image boots in milliseconds: nothing to overlap, and the start reads the file on two threads.
        if (!ImageMode.current().isNativeImage()) {
            try {
                dataDir().ifPresent(EarlyCheckpoint::beginIn);
            } catch (RuntimeException | Error e) {
                // Only a head start: the service reads the checkpoint at start all the same.
            }
        }
        Quarkus.run(args);
    }

    /**
     * The data directory, as far as can be told before the framework runs; empty when the checkpoint is switched off.
     */
    static Optional<Path> dataDir() {
        try {
            String profile = System.getProperty("quarkus.profile",
                    Optional.ofNullable(System.getenv("QUARKUS_PROFILE")).orElse("prod"));
            SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors().addSystemSources()
                    .withProfile(profile);
            URL props = QueuemgrMain.class.getClassLoader().getResource("application.properties");
            if (props != null) {
                builder.withSources(new PropertiesConfigSource(props, 250));
            }
            SmallRyeConfig config = builder.build();
            if (!config.getOptionalValue("queuemgr.registry.checkpoint", Boolean.class).orElse(true)) {
                return Optional.empty();
            }
            return config.getOptionalValue("queuemgr.data-dir", String.class)
                    .map(Path::of);
        } catch (IOException | RuntimeException | LinkageError e) {
            // Only a head start: the service reads the checkpoint at start all the same.
            return Optional.empty();
        }
    }
}
