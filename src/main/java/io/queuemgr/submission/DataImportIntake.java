package io.queuemgr.submission;

import java.util.List;

import jakarta.inject.Singleton;

import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.TaskIntake;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.registry.StrandedTaskException;
import io.queuemgr.registry.TaskMeters;
import io.smallrye.mutiny.Uni;

/**
 * data.import's way into submission: each line is parsed and checked as a REST body is, and made a task owned by
 * the import's submitter. The importer's token is not at hand when the import runs, so types that run code (which
 * need a grant on the token) and imports within imports are refused rather than trusted.
 */
@Singleton
public class DataImportIntake implements TaskIntake {

    private static final String SOURCE = "import";

    private final SubmissionParser parser;
    private final SubmissionService service;
    private final ExecutorRegistry executors;
    private final QueueCatalog queues;
    private final TaskMeters meters;

    public DataImportIntake(SubmissionParser parser, SubmissionService service, ExecutorRegistry executors,
            QueueCatalog queues, TaskMeters meters) {
        this.parser = parser;
        this.service = service;
        this.executors = executors;
        this.queues = queues;
        this.meters = meters;
    }

    @Override
    public Uni<Answer> submit(byte[] line, String queue, String owner, String idempotencyKey) {
        return switch (parser.parse(line, queue)) {
            case SubmissionParser.Result.Accepted a -> {
                Answer.Refused why = refusal(a.submission());
                yield why != null ? refused(why) : submitted(a.submission(), owner, idempotencyKey);
            }
            case SubmissionParser.Result.Refused r -> refused(new Answer.Refused(r.reason(),
                    r.errors().stream().map(e -> e.field() + " " + e.message()).toList()));
            case SubmissionParser.Result.TooLarge t -> refused(new Answer.Refused(t.reason(), List.of()));
        };
    }

    private Uni<Answer> submitted(Submission submission, String owner, String idempotencyKey) {
        return service.submit(submission, idempotencyKey, SOURCE, owner)
                .<Answer>map(s -> new Answer.Accepted(s.task().id().toString()))
                // Made; this instance sends its work record until Kafka takes it (StrandedWork).
                .onFailure(StrandedTaskException.class)
                .recoverWithItem(e -> new Answer.Accepted(((StrandedTaskException) e).task().id().toString()))
                .onFailure(IdempotencyKeyReusedException.class).recoverWithItem(e -> new Answer.Refused(
                        "The line changed since an earlier attempt of this import submitted it", List.of()));
    }

    private Uni<Answer> refused(Answer.Refused why) {
        meters.rejected(SOURCE).increment();
        return Uni.createFrom().item(why);
    }

    /** Why a line that parsed may still not become a task here, or null. */
    private Answer.Refused refusal(Submission submission) {
        if (executors.runsCode(submission.type()) || "data.import".equals(submission.type())) {
            return new Answer.Refused("Tasks of type " + submission.type() + " cannot be imported; submit them "
                    + "over REST with a token that may submit them", List.of("type may not be imported"));
        }
        if (!queues.exists(submission.queue())) {
            return new Answer.Refused("There is no queue named '" + submission.queue() + "'",
                    List.of("queue does not exist"));
        }
        return null;
    }
}
