package io.queuemgr.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import io.queuemgr.error.ApiException;
import io.queuemgr.messaging.BrokerUnavailableException;
import io.queuemgr.task.IllegalTransitionException;
import io.queuemgr.task.TaskStatus;

/**
 * A task verb that Kafka did not take or confirm in time is told as a 503 that says whether the change may still take
 * effect (ProblemMappers adds Retry-After to every 503), not as an internal error; other failures pass unchanged.
 */
class BrokerAnswersTest {

    @Test
    void aChangeKafkaDidNotConfirmInTimeMayStillTakeEffect() {
        Throwable answer = BrokerAnswers.of(new TimeoutException(
                "Expiring 1 record(s) for queuemgr.task-control-3:120000 ms has passed since batch creation"));

        assertThat(answer).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.slug()).isEqualTo("broker-timeout");
            assertThat(e.getMessage()).contains("may still take effect").doesNotContain("Expiring");
        });
    }

    @Test
    void aChangeKafkaDidNotTakeWasNotMade() {
        Throwable answer = BrokerAnswers.of(new BrokerUnavailableException(Duration.ofSeconds(5), "no leader"));

        assertThat(answer).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.slug()).isEqualTo("broker-unavailable");
            assertThat(e.getMessage()).contains("nothing was changed").doesNotContain("leader");
        });
    }

    @Test
    void otherFailuresPassUnchanged() {
        IllegalTransitionException conflict = new IllegalTransitionException(TaskStatus.COMPLETED,
                TaskStatus.CANCELLED);

        assertThat(BrokerAnswers.of(conflict)).isSameAs(conflict);
    }
}
