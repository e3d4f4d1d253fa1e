package io.queuemgr.executor.ssh;

import static io.queuemgr.executor.ssh.SshTestbed.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.TaskFailure;

class SshConnectTest {

    @TempDir
    static Path dir;
    static SshServer server;
    static SshTestbed bed;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws Exception {
        server = SshServer.start(dir);
        bed = SshTestbed.on(server);
    }

    @AfterAll
    static void stopServer() throws Exception {
        bed.close();
        server.close();
    }

    private SshConnectExecutor executor() {
        return new SshConnectExecutor(bed.sessions, bed.keyRoots);
    }

    private SshConnectParams params(String user, JsonNode password, JsonNode key, String keyFile, String knownHosts,
            String policy) {
        return new SshConnectParams("127.0.0.1", server.port, user, password, key, null, keyFile, knownHosts, policy);
    }

    private String errorOf(SshConnectParams p) {
        try {
            bed.context("ssh.connect").run(executor(), p);
        } catch (TaskFailure e) {
            return e.error().code();
        }
        throw new AssertionError("the connection was accepted");
    }

    @Test
    void aKeyFromASecretLogsInAndTheServerAndItsKeyAreReported() throws IOException {
        TaskOutcome outcome = bed.context("ssh.connect").run(executor(), bed.connectWithKey());
        JsonNode result = ((TaskOutcome.Succeeded) outcome).result();
        assertThat(result.get("serverVersion").asText()).startsWith("SSH-2.0-OpenSSH");
        assertThat(result.get("hostKeyAlgorithm").asText()).isEqualTo("ssh-ed25519");
        String hostKey = Files.readString(server.dir.resolve("host_ed25519.pub"));
        assertThat(result.get("hostKeyFingerprint").asText()).startsWith("SHA256:");
        assertThat(hostKey).startsWith("ssh-ed25519 ");
        assertThat(result.get("roundTripMs").asDouble()).isPositive();
    }

    @Test
    void aKeyFileUnderTheKeyRootsLogsIn() {
        TaskOutcome outcome = bed.context("ssh.connect").run(executor(),
                params(server.user, null, null, server.userKey.toString(), null, null));
        assertThat(outcome).isInstanceOf(TaskOutcome.Succeeded.class);
    }

    @Test
    void aPasswordFromASecretLogsIn() {
        assumeThat(server.passwordUser()).as("password login needs a throw-away user, which only root can create")
                .isNotNull();
        TaskOutcome outcome = bed.context("ssh.connect").run(executor(),
                params(server.passwordUser(), ref("password"), null, null, null, null));
        assertThat(outcome).isInstanceOf(TaskOutcome.Succeeded.class);
    }

    @Test
    void aWrongPasswordFailsAsAuthenticationFailed() {
        String user = server.passwordUser() != null ? server.passwordUser() : server.user;
        assertThat(errorOf(params(user, ref("wrong-password"), null, null, null, null)))
                .isEqualTo("SSH_AUTHENTICATION_FAILED");
    }

    @Test
    void aPortNobodyListensOnFailsAsConnectionFailed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SshConnectParams p = new SshConnectParams("127.0.0.1", port, server.user, null, ref("user-key"), null, null,
                null, null);
        assertThat(errorOf(p)).isEqualTo("SSH_CONNECTION_FAILED");
    }

    @Test
    void aHostMissingFromKnownHostsIsRefused() throws IOException {
        Path empty = Files.createFile(work.resolve("known_hosts"));
        assertThat(errorOf(params(server.user, null, ref("user-key"), null, empty.toString(), null)))
                .isEqualTo("SSH_HOST_KEY_UNKNOWN");
        assertThat(Files.readString(empty)).isEmpty();
    }

    @Test
    void acceptNewAddsAnUnknownHostsKeyAndLaterConnectionsTrustIt() throws IOException {
        Path file = work.resolve("new/known_hosts");
        assertThat(bed.context("ssh.connect").run(executor(),
                params(server.user, null, ref("user-key"), null, file.toString(), "accept-new")))
                .isInstanceOf(TaskOutcome.Succeeded.class);
        assertThat(Files.readString(file)).startsWith("[127.0.0.1]:" + server.port + " ssh-ed25519 ");
        assertThat(bed.context("ssh.connect").run(executor(),
                params(server.user, null, ref("user-key"), null, file.toString(), "strict")))
                .isInstanceOf(TaskOutcome.Succeeded.class);
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        Path other = work.resolve("other");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start().waitFor();
        Path file = work.resolve("known_hosts");
        Files.writeString(file, server.knownHostsLine(Files.readString(work.resolve("other.pub"))));
        assertThat(errorOf(params(server.user, null, ref("user-key"), null, file.toString(), null)))
                .isEqualTo("SSH_HOST_KEY_MISMATCH");
        assertThat(errorOf(params(server.user, null, ref("user-key"), null, file.toString(), "accept-new")))
                .isEqualTo("SSH_HOST_KEY_MISMATCH");
    }

    @Test
    void anEncryptedKeyWithoutItsPassphraseIsUnusable() throws Exception {
        Path key = work.resolve("locked");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "secret-pass", "-f", key.toString()).start()
                .waitFor();
        Files.copy(key, bed.secrets.resolve("locked-key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> bed.context("ssh.connect").run(executor(),
                params(server.user, null, ref("locked-key"), null, null, null)))
                .isInstanceOfSatisfying(TaskFailure.class,
                        e -> assertThat(e.error().code()).isEqualTo("SSH_KEY_UNUSABLE"));
    }
}
