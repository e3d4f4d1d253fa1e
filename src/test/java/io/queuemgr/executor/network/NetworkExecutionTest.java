package io.queuemgr.executor.network;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.restassured.path.json.JsonPath;

/** The network types submitted over REST to the running service, by their seed names too. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class NetworkExecutionTest {

    @Test
    void aTcpTestSubmittedAsNetworkTestCompletesWithItsLatency() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String id = submitted(aTask().ofType("NETWORK_TEST").withParam("kind", "tcp")
                    .withParam("host", "127.0.0.1").withParam("port", server.getLocalPort()));
            JsonPath done = awaitFinal(id);
            assertThat(done.getString("status")).isEqualTo("COMPLETED");
            assertThat(done.getString("type")).isEqualTo("network.test");
            assertThat(done.getString("category")).isEqualTo("network");
            assertThat(done.getDouble("result.latencyMs")).isNotNegative();
        }
    }

    @Test
    void aScanOfLoopbackFindsTheListeningPort() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String id = submitted(aTask().ofType("network.scan").withParam("host", "127.0.0.1")
                    .withParam("ports", String.valueOf(server.getLocalPort())));
            JsonPath done = awaitFinal(id);
            assertThat(done.getString("status")).isEqualTo("COMPLETED");
            assertThat(done.getInt("result.open[0].port")).isEqualTo(server.getLocalPort());
        }
    }

    @Test
    void paramsThatDoNotFitAreRefusedAtSubmissionByField() {
        TaskApi.submit(aTask().ofType("network.test").withParam("kind", "tcp").withParam("host", "db")).then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("params.port"));
        TaskApi.submit(aTask().ofType("NETWORK_SCAN").withParam("host", "192.0.2.1")).then().statusCode(400)
                .body("errors.field", hasItem("params.host"));
        TaskApi.submit(aTask().ofType("network.monitor").withParam("test", Map.of("kind", "dns"))
                .withParam("durationSeconds", 10)).then().statusCode(400)
                .body("errors.field", hasItem("params.test.host"));
    }
}
