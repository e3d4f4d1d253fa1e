package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;

/**
 * An instance that starts without a registry checkpoint takes a running peer's over the API, whole or not at all, and
 * keeps its own when it has one. (That the new instance then answers every task is InstanceRestartIT's.)
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class PeerCheckpointTest {

    @TestHTTPResource("/")
    URI peer;

    @TempDir
    Path dir;

    @Test
    void anInstanceWithoutACheckpointTakesTheRunningPeersFileWhole() throws Exception {
        TaskApi.awaitFinal(TaskApi.submitted(aTask()));
        Path file = dir.resolve(RegistryCheckpoint.FILE);

        PeerCheckpoint.Taken taken = PeerCheckpoint.fetchIfMissing(file, new PeerCheckpoint.Seed(peer,
                AdminToken.TOKEN));

        assertThat(taken.file()).as(taken.what()).isTrue();
        assertThat(taken.what()).startsWith("taken from " + peer.resolve(PeerCheckpoint.PATH));
        // The peer's own checkpoint, byte for byte (written for this call, or within its period).
        assertThat(Files.mismatch(file, Path.of("target/test-data", RegistryCheckpoint.FILE))).isEqualTo(-1L);
        try (CheckpointFile opened = CheckpointFile.open(file).orElseThrow()) {
            assertThat(opened.header().layout()).isEqualTo(CheckpointFile.layout());
            assertThat(opened.header().positions()).isNotEmpty();
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aPeerThatRefusesTheCredentialGivesNoFileAndSaysWhy() throws Exception {
        Path file = dir.resolve(RegistryCheckpoint.FILE);

        PeerCheckpoint.Taken taken = PeerCheckpoint.fetchIfMissing(file, new PeerCheckpoint.Seed(peer,
                "qm_not-a-token-of-this-installation"));

        assertThat(taken.asked()).isTrue();
        assertThat(taken.file()).isFalse();
        assertThat(taken.what()).contains("answered 401");
        assertThat(file).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void noPeerListeningGivesNoFileAndTheStartGoesOn() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path file = dir.resolve(RegistryCheckpoint.FILE);

        PeerCheckpoint.Taken taken = PeerCheckpoint.fetchIfMissing(file, new PeerCheckpoint.Seed(
                URI.create("http://127.0.0.1:" + closed), AdminToken.TOKEN));

        assertThat(taken.file()).isFalse();
        assertThat(taken.what()).startsWith("not taken from http://127.0.0.1:" + closed).contains("Connect");
        assertThat(file).doesNotExist();
    }

    @Test
    void anInstanceWithACheckpointOfItsOwnKeepsItAndDoesNotAsk() throws Exception {
        Path file = dir.resolve(RegistryCheckpoint.FILE);
        Files.writeString(file, "its own");

        PeerCheckpoint.Taken taken = PeerCheckpoint.fetchIfMissing(file, new PeerCheckpoint.Seed(peer,
                AdminToken.TOKEN));

        assertThat(taken.asked()).isFalse();
        assertThat(file).hasContent("its own");
    }

    private List<Path> leftovers() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
