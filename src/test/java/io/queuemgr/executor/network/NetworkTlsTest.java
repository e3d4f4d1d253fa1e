package io.queuemgr.executor.network;

import static io.queuemgr.executor.network.TestProbes.tls;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.TaskError;
import io.queuemgr.testing.FakeContext;
import io.vertx.mutiny.core.Vertx;

/** network.test of kind tls against a loopback server with a self-signed certificate that expires in 5 days. */
class NetworkTlsTest {

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static TlsServer server;
    private static NetworkTestExecutor defaultTrust;
    private static NetworkTestExecutor trustingTheServer;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = new TlsServer(dir, 5);
        defaultTrust = new NetworkTestExecutor(TestProbes.probe(vertx));
        trustingTheServer = new NetworkTestExecutor(TestProbes.probe(vertx, List.of(), server.trustingIt()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        vertx.closeAndAwait();
    }

    @Test
    void aTrustedCertificateIsReadWithItsProtocolCipherAndExpiry() {
        TaskOutcome outcome = FakeContext.forType("network.test").run(trustingTheServer,
                tls("localhost", server.port(), 3, null));
        JsonNode result = ((TaskOutcome.Succeeded) outcome).result();
        assertThat(result.get("protocol").asText()).startsWith("TLSv1.");
        assertThat(result.get("cipher").asText()).startsWith("TLS_");
        assertThat(result.get("subject").asText()).isEqualTo("CN=localhost");
        assertThat(result.get("issuer").asText()).isEqualTo("CN=localhost");
        assertThat(result.get("daysUntilExpiry").asLong()).isBetween(4L, 5L);
        assertThat(result.get("notAfter").asText()).isNotBlank();
        assertThat(result.get("latencyMs").asDouble()).isPositive();
    }

    @Test
    void anUntrustedCertificateFailsWithSslError() {
        TaskError error = NetworkTestExecutorTest.failure(defaultTrust, tls("localhost", server.port(), null, null));
        assertThat(error.code()).isEqualTo("NETWORK_SSL_ERROR");
        assertThat(error.retryable()).isFalse();
        assertThat(error.context()).containsEntry("host", "localhost").containsEntry("port", "" + server.port());
    }

    @Test
    void anInsecureTestReadsAnUntrustedCertificate() {
        TaskOutcome outcome = FakeContext.forType("network.test").run(defaultTrust,
                tls("127.0.0.1", server.port(), null, true));
        assertThat(((TaskOutcome.Succeeded) outcome).result().get("subject").asText()).isEqualTo("CN=localhost");
    }

    @Test
    void aCertificateThatNamesAnotherHostFailsWithSslError() throws Exception {
        try (TlsServer other = new TlsServer(dir, 30, "other.example", "SAN=dns:other.example")) {
            NetworkTestExecutor trustingOther = new NetworkTestExecutor(
                    TestProbes.probe(vertx, List.of(), other.trustingIt()));
            TaskError error = NetworkTestExecutorTest.failure(trustingOther,
                    tls("localhost", other.port(), null, null));
            assertThat(error.code()).isEqualTo("NETWORK_SSL_ERROR");
            assertThat(error.message()).contains("localhost");
        }
    }

    @Test
    void aCertificateExpiringSoonerThanMinDaysValidFailsWithSslErrorAndItsExpiry() {
        TaskError error = NetworkTestExecutorTest.failure(trustingTheServer,
                tls("localhost", server.port(), 30, null));
        assertThat(error.code()).isEqualTo("NETWORK_SSL_ERROR");
        assertThat(error.message()).contains("minDaysValid 30");
        assertThat(error.context()).containsKeys("notAfter", "daysUntilExpiry", "host", "port");
        assertThat(Long.parseLong(error.context().get("daysUntilExpiry"))).isBetween(4L, 5L);
    }
}
