package io.queuemgr.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.queuemgr.registry.PeerCheckpoint;

/**
 * The data directory the entry point looks up before the framework runs, to start reading the registry checkpoint: the
 * one the service's configuration gives, or none when the checkpoint is switched off.
 */
class QueuemgrMainTest {

    private static final List<String> PROPERTIES = List.of("queuemgr.data-dir", "queuemgr.registry.checkpoint",
            "quarkus.profile", "queuemgr.registry.seed-from", "queuemgr.security.bootstrap-token");
    private final Map<String, String> before = new HashMap<>();

    @BeforeEach
    void keep() {
        PROPERTIES.forEach(p -> before.put(p, System.getProperty(p)));
    }

    @AfterEach
    void putBack() {
        before.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    @Test
    void aSystemPropertyGivesTheDataDirectory() {
        System.setProperty("queuemgr.data-dir", "/var/lib/queuemgr-x");

        assertThat(QueuemgrMain.early().map(QueuemgrMain.Early::dataDir)).hasValue(Path.of("/var/lib/queuemgr-x"));
    }

    @Test
    void withoutOneTheApplicationPropertiesOfTheProfileGiveIt() {
        System.clearProperty("queuemgr.data-dir");
        System.setProperty("quarkus.profile", "test");

        assertThat(QueuemgrMain.early().map(QueuemgrMain.Early::dataDir)).hasValue(Path.of("target/test-data"));
    }

    @Test
    void noneWhenTheCheckpointIsSwitchedOff() {
        System.setProperty("queuemgr.data-dir", "/var/lib/queuemgr-x");
        System.setProperty("queuemgr.registry.checkpoint", "false");

        assertThat(QueuemgrMain.early().map(QueuemgrMain.Early::dataDir)).isEmpty();
    }

    @Test
    void aPeerToSeedFromIsAskedWithTheAdminTokenOnlyWhenBothAreGiven() {
        System.setProperty("queuemgr.data-dir", "/var/lib/queuemgr-x");
        System.setProperty("queuemgr.registry.seed-from", "http://queuemgr:8080");
        System.setProperty("queuemgr.security.bootstrap-token", "qm_seed-token");

        assertThat(QueuemgrMain.early()).get().extracting(QueuemgrMain.Early::seed)
                .isEqualTo(Optional.of(new PeerCheckpoint.Seed(URI.create("http://queuemgr:8080"), "qm_seed-token")));

        assertThat(QueuemgrMain.early().orElseThrow().toString()).contains("http://queuemgr:8080")
                .doesNotContain("qm_seed-token");

        System.setProperty("queuemgr.security.bootstrap-token", "");
        assertThat(QueuemgrMain.early()).get().extracting(QueuemgrMain.Early::seed).isEqualTo(Optional.empty());
    }
}
