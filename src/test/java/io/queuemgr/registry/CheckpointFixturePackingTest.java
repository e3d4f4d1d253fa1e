package io.queuemgr.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The fixture {@link CheckpointLayoutTest} reads packs its snapshots as the running service packs them: its
 * snapshots were written by a codec like the service's, so the comparison there covers what the service writes.
 */
@QuarkusTest
class CheckpointFixturePackingTest {

    @Inject
    TaskRegistry registry;

    @Test
    void theFixtureIsPackedAsTheServicePacksItsSnapshots() throws Exception {
        Path fixture = Path.of(getClass().getResource("checkpoint-layout-" + CheckpointFile.LAYOUT + ".bin").toURI());
        try (CheckpointFile file = CheckpointFile.open(fixture).orElseThrow()) {
            assertThat(file.header().packedForm()).isEqualTo(registry.packedForm());
        }
    }
}
