package io.queuemgr.submission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.messaging.SnapshotTooLargeException;
import io.queuemgr.peer.TaskHolders;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.registry.StrandedTaskException;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.security.Caller;
import io.queuemgr.submission.BulkBody.Item;
import io.queuemgr.submission.SubmissionService.Submitted;
import io.queuemgr.task.TaskIds;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Many submissions in one request, each checked and answered as POST /api/tasks would, in the order given. Every
 * accepted one is handed to the producer before any ack is awaited, so the whole request costs about one round trip
 * to Kafka, and the answer waits until Kafka holds every task it reports as accepted.
 */
@Singleton
public class BulkIntake {

    private static final Logger LOG = Logger.getLogger(BulkIntake.class);
    /** Acks arrive on the producer's network thread; the answer is written from a worker thread. */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();
    private static final String SOURCE = "rest";
    /**
     * How many keyed items of one request are sent to other instances at once (split holding): a body of thousands
     * must not take every connection to the peers.
     */
    private static final int HANDED_OVER_AT_ONCE = 8;
    private static final String NO_ANSWER = "The instance that holds this item's queue did not answer; send the item "
            + "again (with its idempotencyKey it is made at most once)";

    private final ObjectMapper mapper;
    private final BulkConfig config;
    private final SubmissionParser parser;
    private final SubmissionService service;
    private final SubmissionPolicy policy;
    private final QueueCatalog queues;
    private final TaskMeters meters;
    private final BulkRefusals refusals;
    private final HolderSubmissions holder;

    public BulkIntake(ObjectMapper mapper, BulkConfig config, SubmissionParser parser, SubmissionService service,
            SubmissionPolicy policy, QueueCatalog queues, TaskMeters meters, BulkRefusals refusals,
            HolderSubmissions holder) {
        this.holder = holder;
        this.mapper = mapper;
        this.config = config;
        this.parser = parser;
        this.service = service;
        this.policy = policy;
        this.queues = queues;
        this.meters = meters;
        this.refusals = refusals;
    }

    /**
     * Reads the whole body at once: call it on a worker thread, never on an event loop. {@code authorization}, the
     * caller's credential, goes with an item sent to the instance that holds its queue (split holding).
     */
    public Uni<List<BulkAnswer>> submit(byte[] body, Caller caller, String authorization) {
        if (body.length > config.maxBodyBytes()) {
            throw ApiException.tooLarge("body-too-large", "A bulk body is at most " + config.maxBodyBytes()
                    + " bytes (queuemgr.bulk.max-body-bytes); this one has " + body.length, List.of());
        }
        List<Item> items = BulkBody.split(mapper, body, config.maxItems());
        List<CompletableFuture<BulkAnswer>> answers = new ArrayList<>(items.size());
        // Items naming the same task id are made one after the other, so the later finds the earlier's task as a
        // repeated single submission would; ids made here are fresh and need no such care.
        Map<UUID, CompletableFuture<?>> byId = new HashMap<>();
        List<CompletableFuture<BulkAnswer>> handedOver = new ArrayList<>();
        for (Item item : items) {
            CompletableFuture<BulkAnswer> answer;
            try {
                answer = answer(item, caller, authorization, byId, handedOver);
            } catch (ApiException e) {
                answer = CompletableFuture.completedFuture(refused(e));
            }
            answers.add(answer);
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)))
                .emitOn(WORKERS).map(done -> answers.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<BulkAnswer> answer(Item item, Caller caller, String authorization,
            Map<UUID, CompletableFuture<?>> byId, List<CompletableFuture<BulkAnswer>> handedOver) {
        if (item.problem() != null) {
            throw item.problem();
        }
        String key = item.idempotencyKey() == null || item.idempotencyKey().isBlank() ? null : item.idempotencyKey();
        if (key != null) {
            SubmissionService.keyProblem(key).ifPresent(why -> {
                throw ApiException.invalid("The idempotencyKey is not usable: " + why,
                        List.of(new FieldError(BulkBody.KEY_FIELD, why)));
            });
        }
        Submission submission = switch (parser.parse(item.submission(), null)) {
            case SubmissionParser.Result.Accepted a -> a.submission();
            case SubmissionParser.Result.Refused r -> throw ApiException.invalid(r.reason(), r.errors());
            case SubmissionParser.Result.TooLarge t -> throw ApiException.tooLarge("params-too-large", t.reason(),
                    t.errors());
        };
        var refusal = policy.refusal(caller, submission.type());
        if (refusal.isPresent()) {
            meters.rejected(SOURCE).increment();
            return refusals.typeNotGranted(caller, submission, refusal.get());
        }
        if (!queues.exists(submission.queue())) {
            throw ApiException.notFound("queue", "There is no queue named '" + submission.queue()
                    + "'; create it with POST /api/queues first");
        }
        if ((key != null || submission.id() != null) && !holder.makesHandedOver(submission.queue())) {
            if (!holder.elsewhere(submission.queue())) {
                // Dispatched here, but its tasks are still being read: a repeat might not be found yet.
                throw TaskHolders.unavailable("Queue " + submission.queue() + " is moving between instances; submit "
                        + "this item again in a few seconds");
            }
            return handOver(submission, item, key, authorization, handedOver);
        }
        UUID id = submission.id() != null ? submission.id() : TaskIds.newId();
        CompletableFuture<?> before = submission.id() == null ? null : byId.get(id);
        CompletableFuture<Submitted> made = before == null
                ? service.submitAsync(submission, id, key, SOURCE, caller.name())
                // The earlier item completes on the producer's network thread, which must not send.
                : before.handleAsync((ok, error) -> null, WORKERS)
                        .thenCompose(ignored -> service.submitAsync(submission, id, key, SOURCE, caller.name()));
        if (submission.id() != null) {
            byId.put(id, made);
        }
        return made.handle((done, error) -> error == null ? BulkAnswer.Accepted.of(done) : failed(id, error));
    }

    /**
     * Only the queue's holder can tell a repeat: the item is made there, as a single submission would be. At most
     * {@value #HANDED_OVER_AT_ONCE} at a time, each waiting for the one that many places before it; once one gets no
     * answer, the rest of the request's are answered 503 at once rather than each waiting out its timeout.
     */
    private CompletableFuture<BulkAnswer> handOver(Submission submission, Item item, String key, String authorization,
            List<CompletableFuture<BulkAnswer>> handedOver) {
        UUID given = submission.id();
        int n = handedOver.size();
        CompletableFuture<BulkAnswer> turn = n < HANDED_OVER_AT_ONCE
                ? CompletableFuture.completedFuture(null)
                : handedOver.get(n - HANDED_OVER_AT_ONCE);
        CompletableFuture<BulkAnswer> made = turn.handle((before, error) -> before).thenCompose(before -> {
            if (before instanceof BulkAnswer.Refused r && r.status() == 503 && NO_ANSWER.equals(r.detail())) {
                return CompletableFuture.completedFuture(before);
            }
            return holder.submitItem(submission.queue(), item.submission(), key, authorization)
                    .handle((done, error) -> error == null ? done : noAnswer(given, error));
        });
        handedOver.add(made);
        return made;
    }

    /** An item whose queue's holder did not answer. */
    private BulkAnswer noAnswer(UUID id, Throwable error) {
        LOG.warnf("The instance that holds the queue of a bulk item%s did not answer: %s",
                id == null ? "" : " (task " + id + ")", error.getMessage());
        return refused(TaskHolders.unavailable(NO_ANSWER));
    }

    private BulkAnswer failed(UUID id, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return switch (cause) {
            case ApiException e -> refused(e);
            // Made, and counted so, but not yet runnable: the item is answered as a single submission would be.
            case StrandedTaskException e -> BulkAnswer.Refused.of(SubmissionIntake.stranded(e));
            case RecordTooLargeException e -> refused(taskTooLarge());
            case SnapshotTooLargeException e -> refused(taskTooLarge());
            default -> {
                LOG.warnf(cause, "Task %s of a bulk submission was not confirmed by Kafka", id);
                yield refused(new ApiException(503, "not-confirmed", "Service unavailable", "Kafka did not "
                        + "confirm this task; send the submission again (with an idempotencyKey it is made at "
                        + "most once)", List.of()));
            }
        };
    }

    private static ApiException taskTooLarge() {
        return ApiException.tooLarge("task-too-large", "The task made of this submission is larger than Kafka "
                + "accepts; send smaller params", List.of());
    }

    private BulkAnswer refused(ApiException e) {
        meters.rejected(SOURCE).increment();
        return BulkAnswer.Refused.of(e);
    }
}
