package io.queuemgr.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.ErrorCode;

class WorkerOutcomesTest {

    private final WorkerOutcomes outcomes = new WorkerOutcomes(new ObjectMapper());

    @Test
    void aCompletedReportSucceedsWithItsResult() {
        TaskOutcome o = outcomes.read("{\"status\":\"COMPLETED\",\"result\":{\"rows\":3}}");

        assertThat(o).isInstanceOfSatisfying(TaskOutcome.Succeeded.class,
                s -> assertThat(s.result().path("rows").asInt()).isEqualTo(3));
    }

    @Test
    void aFailedReportMayBeRetriedUnlessTheWorkerSaidNot() {
        TaskOutcome retried = outcomes.read("{\"status\":\"FAILED\",\"error\":\"disk full\",\"retry\":true,"
                + "\"result\":{\"done\":1}}");
        TaskOutcome refused = outcomes.read("{\"status\":\"FAILED\",\"error\":\"bad input\",\"retry\":false}");
        TaskOutcome unsaid = outcomes.read("{\"status\":\"FAILED\",\"error\":\"flaky\"}");

        assertThat(retried).isInstanceOfSatisfying(TaskOutcome.Failed.class, f -> {
            assertThat(f.error().code()).isEqualTo(ErrorCode.WORKER_REPORTED_FAILURE.name());
            assertThat(f.error().message()).isEqualTo("disk full");
            assertThat(f.error().retryable()).isTrue();
            assertThat(f.partialResult().path("done").asInt()).isEqualTo(1);
        });
        assertThat(refused).isInstanceOfSatisfying(TaskOutcome.Failed.class,
                f -> assertThat(f.error().retryable()).isFalse());
        assertThat(unsaid).isInstanceOfSatisfying(TaskOutcome.Failed.class,
                f -> assertThat(f.error().retryable()).isTrue());
    }

    @Test
    void anUnreadableReportIsAFailureOfTheService() {
        assertThat(outcomes.read("{not json")).isInstanceOfSatisfying(TaskOutcome.Failed.class, f -> {
            assertThat(f.error().code()).isEqualTo(ErrorCode.INTERNAL_ERROR.name());
            assertThat(f.error().message()).isEqualTo("Unreadable worker outcome");
        });
    }
}
