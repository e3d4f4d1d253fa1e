package io.queuemgr.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.NullNode;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.json.Reading;
import io.queuemgr.testing.PlainRecords;

/** The bodies of the pull workers' calls as the worker endpoints read them. */
class WorkerCallsTest {

    private final JsonRecords records = PlainRecords.with();

    private <R> Reading<R> read(String json, Class<R> call) throws Exception {
        return records.read(PlainRecords.MAPPER.readTree(json), call, "", null);
    }

    @Test
    void aLeaseLastsThirtySecondsUnlessTheWorkerAsksForUpToAnHour() throws Exception {
        assertThat(read("{\"workerId\":\"w\"}", WorkerCalls.Lease.class).value().lease())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(read("{\"workerId\":\"w\",\"leaseSeconds\":3600,\"progress\":\"ignored\"}",
                WorkerCalls.Lease.class).value().lease()).isEqualTo(Duration.ofHours(1));
        for (String wrong : new String[]{"0", "3601", "\"30\"", "1.5", "18446744073709551617"}) {
            assertThat(read("{\"workerId\":\"w\",\"leaseSeconds\":" + wrong + "}", WorkerCalls.Lease.class)
                    .errors()).as(wrong).containsExactly(new FieldError("leaseSeconds",
                            "must be a whole number from 1 to 3600"));
        }
    }

    @Test
    void aWorkerIsNamedByNonBlankTextOfAtMost255Characters() throws Exception {
        for (String wrong : new String[]{"{}", "{\"workerId\":null}", "{\"workerId\":\" \"}", "{\"workerId\":5}",
                "{\"workerId\":\"" + "w".repeat(256) + "\"}", "{\"workerId\":\"" + " ".repeat(300) + "\"}"}) {
            assertThat(read(wrong, WorkerCalls.Completion.class).errors()).as(wrong).containsExactly(new FieldError(
                    "workerId", "is required: a name for the worker, at most 255 characters"));
        }
    }

    @Test
    void aHeartbeatMayTellProgressAndStep() throws Exception {
        WorkerCalls.Heartbeat beat = read("{\"workerId\":\"w\",\"progress\":40,\"step\":\"resizing\"}",
                WorkerCalls.Heartbeat.class).value();
        assertThat(beat.progress()).isEqualTo(40);
        assertThat(beat.step()).isEqualTo("resizing");
        assertThat(read("{\"workerId\":\"w\",\"progress\":101,\"step\":5}", WorkerCalls.Heartbeat.class).errors())
                .containsExactly(new FieldError("progress", "must be a whole number from 0 to 100"),
                        new FieldError("step", "must be a string of at most 1000 characters"));
    }

    @Test
    void aResultGivenAsNullIsKeptAndOneLeftOutIsNot() throws Exception {
        assertThat(read("{\"workerId\":\"w\",\"result\":null}", WorkerCalls.Completion.class).value().result())
                .isEqualTo(NullNode.getInstance());
        assertThat(read("{\"workerId\":\"w\"}", WorkerCalls.Completion.class).value().result()).isNull();
    }

    @Test
    void aFailureNeedsAMessageAndRetryIsTrueOrFalseWhenGiven() throws Exception {
        WorkerCalls.Failure failure = read("{\"workerId\":\"w\",\"error\":\"disk full\"}", WorkerCalls.Failure.class)
                .value();
        assertThat(failure.retry()).isNull();
        assertThat(read("{\"workerId\":\"w\",\"error\":\" \",\"retry\":null}", WorkerCalls.Failure.class).errors())
                .containsExactly(new FieldError("error", "is required: a message saying what went wrong"),
                        new FieldError("retry", "must be true or false"));
    }
}
