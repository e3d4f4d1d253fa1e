package io.queuemgr.submission;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.error.Problem.FieldError;

/** What the rejection topic says of a Kafka submission that was refused: the reason and the payload as received. */
@RegisterForReflection
public record RejectedSubmission(String reason, List<FieldError> errors, String payload, String sourceTopic,
        int sourcePartition, long sourceOffset, Instant rejectedAt) {
}
