package io.queuemgr.submission;

import java.util.List;

import jakarta.inject.Singleton;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;

import io.queuemgr.audit.AuditActions;
import io.queuemgr.audit.AuditDetails;
import io.queuemgr.audit.AuditTrail;
import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.messaging.BrokerUnavailableException;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.registry.StrandedTaskException;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.security.Caller;
import io.queuemgr.submission.SubmissionService.Submitted;
import io.smallrye.mutiny.Uni;

/** The REST side of submission: parse, refuse with problem details, or hand over to the service. */
@Singleton
public class SubmissionIntake {

    private final SubmissionParser parser;
    private final SubmissionService service;
    private final TaskMeters meters;
    private final QueueCatalog queues;
    private final SubmissionPolicy policy;
    private final AuditTrail audit;

    public SubmissionIntake(SubmissionParser parser, SubmissionService service, TaskMeters meters,
            QueueCatalog queues, SubmissionPolicy policy, AuditTrail audit) {
        this.audit = audit;
        this.policy = policy;
        this.parser = parser;
        this.service = service;
        this.meters = meters;
        this.queues = queues;
    }

    public Uni<Submitted> submitOverRest(byte[] body, String queue, String idempotencyKey, Caller caller) {
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey;
        if (key != null) {
            SubmissionService.keyProblem(key).ifPresent(why -> {
                meters.rejected("rest").increment();
                throw ApiException.invalid("The Idempotency-Key header is not usable: " + why,
                        List.of(new FieldError("Idempotency-Key", why)));
            });
        }
        return switch (parser.parse(body, queue)) {
            case SubmissionParser.Result.Accepted a -> {
                var refusal = policy.refusal(caller, a.submission().type());
                if (refusal.isPresent()) {
                    meters.rejected("rest").increment();
                    yield refused(caller, a.submission(), refusal.get());
                }
                if (!queues.exists(a.submission().queue())) {
                    meters.rejected("rest").increment();
                    throw ApiException.notFound("queue", "There is no queue named '" + a.submission().queue()
                            + "'; create it with POST /api/queues first");
                }
                yield service.submit(a.submission(), key, "rest", caller.name())
                        // Before the record's own failures: the task is known and will run once its work record is in.
                        .onFailure(StrandedTaskException.class)
                        .transform(e -> stranded((StrandedTaskException) e))
                        .onFailure(RecordTooLargeException.class)
                        .transform(e -> ApiException.tooLarge("task-too-large", "The task made of this submission "
                                + "is larger than Kafka accepts; send smaller params", List.of()))
                        // Kafka out of reach: whether anything was accepted decides what the client should do.
                        .onFailure(BrokerUnavailableException.class)
                        .transform(e -> new ApiException(503, "broker-unavailable", "Service unavailable",
                                "Kafka is not reachable, so nothing was accepted; try again in a few seconds",
                                List.of()))
                        .onFailure(TimeoutException.class)
                        .transform(e -> new ApiException(503, "broker-timeout", "Service unavailable",
                                "Kafka did not confirm the write in time; the task may still have been written and "
                                        + "may run. To be sure of one task, repeat the call with the same task id",
                                List.of()));
            }
            case SubmissionParser.Result.Refused r -> {
                meters.rejected("rest").increment();
                throw ApiException.invalid(r.reason(), r.errors());
            }
            case SubmissionParser.Result.TooLarge t -> {
                meters.rejected("rest").increment();
                throw ApiException.tooLarge("params-too-large", t.reason(), t.errors());
            }
        };
    }

    /** The answer to a submission whose task is known and whose work record this instance still owes Kafka. */
    static ApiException stranded(StrandedTaskException e) {
        return new ApiException(503, "submission-incomplete", "Service unavailable", "Task " + e.task().id()
                + " was recorded, but Kafka did not take the record that runs it; this instance sends that record "
                + "again until Kafka does, and the task runs then. To be sure of one task, repeat the call with the "
                + "same task id or Idempotency-Key rather than without", List.of());
    }

    /** A submission of a type the caller was not granted: a security event, so it goes to the audit trail. */
    private Uni<Submitted> refused(Caller caller, Submission submission, String why) {
        return audit.record(caller.name(), AuditActions.TASK_SUBMIT, null, AuditDetails.refused(why,
                AuditDetails.QUEUE, submission.queue(), AuditDetails.TYPE, submission.type(), "source", "rest"))
                .chain(() -> Uni.createFrom().<Submitted>failure(ApiException.forbidden("type-not-granted", why)));
    }
}
