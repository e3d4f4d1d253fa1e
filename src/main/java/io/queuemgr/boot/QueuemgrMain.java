package io.queuemgr.boot;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.queuemgr.registry.EarlyCheckpoint;
import io.queuemgr.registry.PeerCheckpoint;
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
                early().ifPresent(e -> EarlyCheckpoint.beginIn(e.dataDir(), e.seed()));
            } catch (RuntimeException | Error e) {
                // Only a head start: the service reads the checkpoint at start all the same.
            }
        }
        Quarkus.run(args);
    }

    /** Where the early read looks, and the peer it may take a checkpoint from. */
    record Early(Path dataDir, Optional<PeerCheckpoint.Seed> seed) {
    }

    /**
     * The data directory and the peer to seed from, as far as can be told before the framework runs; empty when the
     * checkpoint is switched off.
     */
    static Optional<Early> early() {
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
            Optional<PeerCheckpoint.Seed> seed = PeerCheckpoint.Seed.of(
                    config.getOptionalValue("queuemgr.registry.seed-from", URI.class),
                    config.getOptionalValue("queuemgr.security.bootstrap-token", String.class));
            return config.getOptionalValue("queuemgr.data-dir", String.class)
                    .map(dir -> new Early(Path.of(dir), seed));
        } catch (IOException | RuntimeException | LinkageError e) {
            // Only a head start: the service reads the checkpoint at start all the same.
            return Optional.empty();
        }
    }
}
