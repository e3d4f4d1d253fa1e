package io.queuemgr.submission;

import jakarta.inject.Singleton;

import io.queuemgr.error.ApiException;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.submission.SubmissionService.Submitted;
import io.queuemgr.task.TaskMeters;
import io.smallrye.mutiny.Uni;

/** The REST side of submission: parse, refuse with problem details, or hand over to the service. */
@Singleton
public class SubmissionIntake {

    private final SubmissionParser parser;
    private final SubmissionService service;
    private final TaskMeters meters;
    private final QueueCatalog queues;

    public SubmissionIntake(SubmissionParser parser, SubmissionService service, TaskMeters meters,
            QueueCatalog queues) {
        this.parser = parser;
        this.service = service;
        this.meters = meters;
        this.queues = queues;
    }

    public Uni<Submitted> submitOverRest(byte[] body, String queue, String idempotencyKey) {
        return switch (parser.parse(body, queue)) {
            case SubmissionParser.Result.Accepted a -> {
                if (!queues.exists(a.submission().queue())) {
                    meters.rejected("rest").increment();
                    throw ApiException.notFound("queue", "There is no queue named '" + a.submission().queue()
                            + "'; create it with POST /api/queues first");
                }
                yield service.submit(a.submission(),
                        idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey, "rest");
            }
            case SubmissionParser.Result.Refused r -> {
                meters.rejected("rest").increment();
                throw ApiException.invalid(r.reason(), r.errors());
            }
        };
    }
}
