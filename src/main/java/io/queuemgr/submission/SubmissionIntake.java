package io.queuemgr.submission;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.error.ApiException;
import io.queuemgr.submission.SubmissionService.Submitted;
import io.queuemgr.task.TaskMeters;
import io.smallrye.mutiny.Uni;

/** The REST side of submission: parse, refuse with problem details, or hand over to the service. */
@ApplicationScoped
public class SubmissionIntake {

    private final SubmissionParser parser;
    private final SubmissionService service;
    private final TaskMeters meters;

    public SubmissionIntake(SubmissionParser parser, SubmissionService service, TaskMeters meters) {
        this.parser = parser;
        this.service = service;
        this.meters = meters;
    }

    public Uni<Submitted> submitOverRest(byte[] body, String queue, String idempotencyKey) {
        return switch (parser.parse(body, queue)) {
            case SubmissionParser.Result.Accepted a -> service.submit(a.submission(),
                    idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey, "rest");
            case SubmissionParser.Result.Refused r -> {
                meters.rejected("rest").increment();
                throw ApiException.invalid(r.reason(), r.errors());
            }
        };
    }
}
