package io.queuemgr.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The data directory the entry point looks up before the framework runs, to start reading the registry checkpoint: the
 * one the service's configuration gives, or none when the checkpoint is switched off.
 */
class QueuemgrMainTest {

    @AfterEach
    void clear() {
        System.clearProperty("queuemgr.data-dir");
        System.clearProperty("queuemgr.registry.checkpoint");
        System.clearProperty("quarkus.profile");
    }

    @Test
    void aSystemPropertyGivesTheDataDirectory() {
        System.setProperty("queuemgr.data-dir", "/var/lib/queuemgr-x");

        assertThat(QueuemgrMain.dataDir()).hasValue(Path.of("/var/lib/queuemgr-x"));
    }

    @Test
    void withoutOneTheApplicationPropertiesOfTheProfileGiveIt() {
        assertThat(QueuemgrMain.dataDir().map(Path::toString))
                .hasValue(System.getenv().getOrDefault("QUEUEMGR_DATA", "data"));

        System.setProperty("quarkus.profile", "test");
        assertThat(QueuemgrMain.dataDir()).hasValue(Path.of("target/test-data"));
    }

    @Test
    void noneWhenTheCheckpointIsSwitchedOff() {
        System.setProperty("queuemgr.data-dir", "/var/lib/queuemgr-x");
        System.setProperty("queuemgr.registry.checkpoint", "false");

        assertThat(QueuemgrMain.dataDir()).isEmpty();
    }
}
