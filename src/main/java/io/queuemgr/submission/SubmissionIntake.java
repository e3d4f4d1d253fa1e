package io.queuemgr.submission;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.error.ApiException;
import io.queuemgr.submission.SubmissionService.Submitted;
import io.smallrye.mutiny.Uni;

/** The REST side of submission: parse, refuse with problem details, or hand over to the service. */
@ApplicationScoped
public class SubmissionIntake {

    private final SubmissionParser parser;
    private final SubmissionService service;
    private final MeterRegistry metrics;

    public SubmissionIntake(SubmissionParser parser, SubmissionService service, MeterRegistry metrics) {
        this.parser = parser;
        this.service = service;
        this.metrics = metrics;
    }

    public Uni<Submitted> submitOverRest(byte[] body, String queue, String idempotencyKey) {
        return switch (parser.parse(body, queue)) {
            case SubmissionParser.Result.Accepted a -> service.submit(a.submission(),
                    idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey, "rest");
            case SubmissionParser.Result.Refused r -> {
                metrics.counter("queuemgr.submissions.rejected", "source", "rest").increment();
                throw ApiException.invalid(r.reason(), r.errors());
            }
        };
    }
}
