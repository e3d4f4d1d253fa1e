package io.queuemgr.submission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.messaging.BatchCommits;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.ConsumerSession;
import io.queuemgr.messaging.RecordHandler;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.SnapshotTooLargeException;
import io.queuemgr.messaging.Topics;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.security.Caller;
import io.queuemgr.security.IntakeConfig;
import io.queuemgr.task.TaskIds;

/**
 * Reads submissions from the submit topic, from any Kafka client. A valid one becomes a task whose id follows from
 * the record's place (or the id it carries), so a record read twice after a crash is still one task; an invalid one
 * goes to the rejection topic with the reason. Offsets are committed only after Kafka has every result of a batch.
 */
@ApplicationScoped
public class KafkaSubmissionIntake {

    private static final Logger LOG = Logger.getLogger(KafkaSubmissionIntake.class);

    private final SubmissionParser parser;
    private final SubmissionService service;
    private final SubmissionRejections rejections;
    private final TaskMeters meters;
    private final QueueCatalog queues;
    private final SubmissionPolicy policy;
    private final HolderSubmissions holder;
    private final Caller principal;
    private final int maxPendingBatches;
    private final BatchCommits batches = new BatchCommits();
    private final PollsInFlight inFlight = new PollsInFlight();
    /**
     * Set when a record's submission failed for a reason that may pass; its poll will be read again. Until then no
     * later record is submitted: a later record with the same key would otherwise make its task first, and the
     * earlier one, read again, would be refused as a reuse of the key.
     */
    private final AtomicBoolean failing = new AtomicBoolean();
    /** Rewinds since the last poll whose submissions all succeeded: how long the next waits. */
    private final AtomicInteger rewinds = new AtomicInteger();
    private static final long MAX_BACKOFF_MS = 5_000;
    private final ConsumerLoop loop;

    public KafkaSubmissionIntake(ConsumerLoops loops, Topics topics, SubmissionParser parser,
            SubmissionService service, SubmissionRejections rejections, TaskMeters meters,
            InstanceIdentity identity, QueueCatalog queues, SubmissionPolicy policy, IntakeConfig intake,
            HolderSubmissions holder) {
        this.policy = policy;
        this.holder = holder;
        this.principal = intake.caller();
        this.maxPendingBatches = intake.maxPendingBatches();
        this.queues = queues;
        this.parser = parser;
        this.service = service;
        this.rejections = rejections;
        this.meters = meters;
        // After an error, what was read and not committed is read again by the next session; the task ids derived
        // from each record's place on the topic make the repeat a duplicate, not a second task.
        this.loop = loops.loop("kafka-intake",
                RecordSource.group(topics.group("intake"), "queuemgr-intake-" + identity.id(), topics.submit()))
                .commitEvery(intake.commitInterval(), batches).handledBy(new Intake());
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    /**
     * Hands every record of a poll over without waiting: polls are pipelined, so the next one need not wait for this
     * one's acknowledgements; nothing is committed before Kafka holds the task or rejection of every record up to it.
     */
    private final class Intake implements RecordHandler {

        @Override
        public void handle(ConsumerRecords<String, byte[]> records, ConsumerSession session) {
            batches.add(records, submitAll(records));
            settle(session, false, maxPendingBatches);
        }

        @Override
        public void revoking(Collection<TopicPartition> partitions, ConsumerSession session) {
            settle(session, true, 0);
            inFlight.revoked(partitions);
        }

        @Override
        public void lost(Collection<TopicPartition> partitions, ConsumerSession session) {
            inFlight.revoked(partitions);
        }

        @Override
        public void stopping(ConsumerSession session) {
            settle(session, true, 0);
        }

        @Override
        public void ended(boolean stopped) {
            inFlight.clear();
        }

        private void settle(ConsumerSession session, boolean waitForAll, int keepAtMost) {
            batches.settle(offsets -> readAgain(session, offsets), waitForAll, keepAtMost);
            inFlight.settled();
        }

        private void readAgain(ConsumerSession session, Map<TopicPartition, Long> from) {
            failing.set(false);
            // What was made before the failure is not made again (nor counted or audited twice) when read again.
            inFlight.readAgain(from);
            session.rewind(from);
            // A failure that may pass (a queue moving between instances, a broker away) is not asked again at once:
            // waits of 100 ms doubling to 5 s, until a poll's submissions all succeed.
            long wait = Math.min(MAX_BACKOFF_MS, 100L << Math.min(rewinds.getAndIncrement(), 6));
            session.idle(Duration.ofMillis(wait));
        }
    }

    private CompletableFuture<Void> submitAll(ConsumerRecords<String, byte[]> records) {
        List<CompletableFuture<?>> results = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            CompletableFuture<?> result = failing.get()
                    ? CompletableFuture.failedFuture(new IllegalStateException(
                            "an earlier submission failed; this one is read again after it"))
                    : inFlight.handledBefore(record) ? CompletableFuture.completedFuture(null) : handle(record);
            // Set on the thread that saw the failure, before anything else learns of it (see failing).
            results.add(result.whenComplete((done, error) -> {
                if (error != null) {
                    failing.set(true);
                }
            }));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .whenComplete((done, error) -> {
                    if (error == null && !records.isEmpty()) {
                        rewinds.set(0);
                    }
                });
        inFlight.add(records, results, all);
        return all;
    }

    /** Never throws: a record the service fails to handle is rejected, so that no record can stop the intake. */
    private CompletableFuture<?> handle(ConsumerRecord<String, byte[]> record) {
        try {
            return submit(record);
        } catch (RuntimeException e) {
            LOG.errorf(e, "The submission at %s-%d@%d could not be handled; it is rejected", record.topic(),
                    record.partition(), record.offset());
            return reject(record, "The service failed to handle this submission; the error is in its log",
                    List.of());
        }
    }

    private CompletableFuture<?> submit(ConsumerRecord<String, byte[]> record) {
        UUID derived = TaskIds.deterministic(record.timestamp(), record.partition() + 1L, record.offset());
        return made(record.value(), record.key(), derived, true).thenCompose(outcome -> switch (outcome) {
            case KafkaOutcome.Made m -> CompletableFuture.<Void>completedFuture(null);
            case KafkaOutcome.Refused r -> reject(record, r.reason(), r.errors());
        });
    }

    /**
     * A record's value (its key an idempotency key) as a task: refused with a reason that will not pass, or made,
     * under the id it carries or else {@code derivedId}, from its place on the topic. With split holding, one whose
     * key or id must be checked against its queue's tasks is made by the instance that holds them, unless this is
     * that instance's answer to another ({@code mayHandOn} false). Fails for a reason that may pass.
     */
    public CompletableFuture<KafkaOutcome> made(byte[] value, String recordKey, UUID derivedId, boolean mayHandOn) {
        String key = blankToNull(recordKey);
        var keyProblem = key == null ? java.util.Optional.<String>empty() : SubmissionService.keyProblem(key);
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
                        .exceptionallyCompose(KafkaSubmissionIntake::refusedAfterAll);
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
     * task is larger than Kafka takes) is refused; any other failure fails the batch, which is read again.
     */
    private static CompletableFuture<KafkaOutcome> refusedAfterAll(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
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

    private CompletableFuture<Void> reject(ConsumerRecord<String, byte[]> record, String reason,
            List<FieldError> errors) {
        meters.rejected("kafka").increment();
        return rejections.reject(record, reason, errors);
    }

    private static String blankToNull(String key) {
        return key == null || key.isBlank() ? null : key;
    }
}
