package io.queuemgr.registry;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.awaitStatus;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aShellTask;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.SendThreadProbe;

/**
 * REST calls that write to Kafka (submit, cancel, retry) never make a send that could block on a Vert.x event loop:
 * the send blocks while the producer's buffer is full or a topic's metadata is missing, and would stall every request
 * that loop serves. Only a submission's records are sent there, through the callers' producer, which never blocks: a
 * send it could not make at once is made again later (messaging/CallerSendsTest). {@link SendThreadProbe} sees each send on the thread
 * that makes it. No send in the whole run is made on a producer's network thread, where it would wait on itself.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SendsOffTheEventLoopTest {

    @Test
    void restCallsThatWriteToKafkaSendFromWorkerThreadsUnlessTheSendCannotBlock() {
        int before = SendThreadProbe.sends();
        for (int i = 0; i < 10; i++) {
            awaitFinal(submitted(aTask().ofType("noop")));
        }
        String running = submitted(aShellTask("sleep 60"));
        awaitStatus(running, "RUNNING", Duration.ofSeconds(30));
        given().post("/api/tasks/" + running + "/cancel").then().statusCode(202);
        String cancelled = awaitFinal(running).getString("id");
        given().post("/api/tasks/" + cancelled + "/retry").then().statusCode(202);

        assertThat(SendThreadProbe.sends() - before).isGreaterThanOrEqualTo(20);
        assertThat(SendThreadProbe.sendsOnEventLoop()).isZero();
        assertThat(SendThreadProbe.callerSendsOnEventLoop()).as("submissions").isPositive();
        assertThat(SendThreadProbe.sendsOnProducerThread()).as("sends on a producer's own network thread so far")
                .isZero();
    }
}
