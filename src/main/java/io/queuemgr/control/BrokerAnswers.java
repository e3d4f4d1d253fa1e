package io.queuemgr.control;

import java.util.List;

import org.apache.kafka.common.errors.TimeoutException;

import io.queuemgr.error.ApiException;
import io.queuemgr.messaging.BrokerUnavailableException;

/**
 * What a caller of a task verb is told when Kafka did not take or confirm the change in time (the broker is away, or
 * slow to elect a leader): a 503 that says whether the change may still take effect, never an internal error. A
 * submission has its own words (SubmissionIntake).
 */
final class BrokerAnswers {

    private BrokerAnswers() {
    }

    /** The problem for {@code failure} when it is Kafka's; {@code failure} itself otherwise. */
    static Throwable of(Throwable failure) {
        if (failure instanceof BrokerUnavailableException) {
            return new ApiException(503, "broker-unavailable", "Service unavailable",
                    "Kafka is not reachable, so nothing was changed; try again in a few seconds", List.of());
        }
        if (failure instanceof TimeoutException) {
            return new ApiException(503, "broker-timeout", "Service unavailable",
                    "Kafka did not confirm the change in time; it may still take effect. Read the task again before "
                            + "you repeat the call",
                    List.of());
        }
        return failure;
    }
}
