package io.queuemgr.submission;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.inject.Singleton;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.messaging.SnapshotTooLargeException;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.registry.StrandedTaskException;
import io.queuemgr.security.Caller;
import io.queuemgr.security.IntakeConfig;

/**
 * What a submission read from Kafka becomes, whichever instance read it: a task made as the Kafka intake's principal,
 * or a refusal with a reason for the rejection topic. The intake asks it for each record it reads; with split holding,
 * the instance that holds the record's queue asks it for a record another instance read and handed over.
 */
@Singleton
public class KafkaRecordSubmissions {

    private final SubmissionParser parser;
    private final SubmissionService service;
    private final QueueCatalog queues;
    private final SubmissionPolicy policy;
    private final HolderSubmissions holder;
    private final Caller principal;

    public KafkaRecordSubmissions(SubmissionParser parser, SubmissionService service, QueueCatalog queues,
            SubmissionPolicy policy, HolderSubmissions holder, IntakeConfig intake) {
        this.parser = parser;
        this.service = service;
        this.queues = queues;
        this.policy = policy;
        this.holder = holder;
        this.principal = intake.caller();
    }

    /**
     * A record's value (its key an idempotency key) as a task: refused with a reason that will not pass, or made,
     * under the id it carries or else {@code derivedId}, from its place on the topic. With split holding, one whose
     * key or id must be checked against its queue's tasks is made by the instance that holds them, unless this is
     * that instance's answer to another ({@code mayHandOn} false). Fails for a reason that may pass.
     */
    public CompletableFuture<KafkaOutcome> made(byte[] value, String recordKey, UUID derivedId, boolean mayHandOn) {
        String key = blankToNull(recordKey);
        var keyProblem = key == null ? Optional.<String>empty() : SubmissionService.keyProblem(key);
        if (keyProblem.isPresent()) {
            return refused("The record key is not usable as an idempotency key: " + keyProblem.get(),
                    List.of(new FieldError("key", keyProblem.get())));
        }
        return switch (parser.parse(value, null)) {
            case SubmissionParser.Result.Accepted a when !queues.exists(a.submission().queue()) -> refused(
                    "There is no queue named '" + a.submission().queue() + "'",
                    List.of(new FieldError("queue", "no such queue; create it with POST /api/queues")));
            case SubmissionParser.Result.Accepted a -> {
                var refusal = policy.refusal(principal, a.submission().type());
                if (refusal.isPresent()) {
                    yield refused(refusal.get(), List.of(new FieldError("type", "not granted to the Kafka "
                            + "intake's principal " + principal.name() + " (queuemgr.intake.allowed-types)")));
                }
                boolean checked = key != null || a.submission().id() != null;
                String queue = a.submission().queue();
                if (checked && !holder.makesHandedOver(queue)) {
                    if (mayHandOn && holder.elsewhere(queue)) {
                        yield holder.submit(queue, value, key, derivedId);
                    }
                    // Dispatched here but its tasks still being read, or handed over as the queue moves away: read
                    // again later, when the queue has settled.
                    yield CompletableFuture.failedFuture(new IllegalStateException("queue " + queue
                            + " is moving between instances"));
                }
                UUID id = a.submission().id() != null ? a.submission().id() : derivedId;
                yield service.submitAsync(a.submission(), id, key, "kafka", principal.name())
                        .<KafkaOutcome>thenApply(done -> new KafkaOutcome.Made())
                        .exceptionallyCompose(KafkaRecordSubmissions::refusedAfterAll);
            }
            case SubmissionParser.Result.Refused r -> refused(r.reason(), r.errors());
            case SubmissionParser.Result.TooLarge t -> refused(t.reason(), t.errors());
        };
    }

    private static CompletableFuture<KafkaOutcome> refused(String reason, List<FieldError> errors) {
        return CompletableFuture.completedFuture(new KafkaOutcome.Refused(reason, errors));
    }

    /**
     * A submission that could not become a task for a reason that will not pass (its key made another task, or the
     * task is larger than Kafka takes) is refused; one whose task is known while the work topic refuses its record is
     * made; any other failure fails the batch, which is read again.
     */
    private static CompletableFuture<KafkaOutcome> refusedAfterAll(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof StrandedTaskException stranded && !(stranded.getCause() instanceof RetriableException)) {
            // The task is known and the work topic refuses its record: reading the submission again would only send
            // the record once more, and refuse the task as too large. This instance keeps sending it (StrandedWork).
            // A record that timed out fails the batch instead, whose offset, uncommitted, outlives a restart.
            return CompletableFuture.completedFuture(new KafkaOutcome.Made());
        }
        if (cause instanceof IdempotencyKeyReusedException reused) {
            return refused(reused.getMessage(),
                    List.of(new FieldError("key", "made a task of a different submission")));
        }
        if (cause instanceof RecordTooLargeException || cause instanceof SnapshotTooLargeException) {
            return refused("The task made of this submission is larger than Kafka accepts; send smaller params",
                    List.of());
        }
        return CompletableFuture.failedFuture(failure);
    }

    private static String blankToNull(String key) {
        return key == null || key.isBlank() ? null : key;
    }
}
