package io.queuemgr.submission;

import java.util.List;

import io.queuemgr.error.Problem.FieldError;

/** What became of one Kafka submission: a task was made (or found), or it is refused with a reason. */
public sealed interface KafkaOutcome {

    record Made() implements KafkaOutcome {
    }

    record Refused(String reason, List<FieldError> errors) implements KafkaOutcome {
    }
}
