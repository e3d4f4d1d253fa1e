package io.queuemgr.submission;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.security.Caller;
import io.queuemgr.security.IntakeConfig;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.SupervisedLoop;
import io.queuemgr.task.TaskIds;

/**
 * Reads submissions from the submit topic, from any Kafka client. A valid one becomes a task whose id follows from
 * the record's place (or the id it carries), so a record read twice after a crash is still one task; an invalid one
 * goes to the rejection topic with the reason. Offsets are committed only after Kafka has every result of a batch.
 */
@ApplicationScoped
public class KafkaSubmissionIntake {

    private static final Logger LOG = Logger.getLogger(KafkaSubmissionIntake.class);
    private static final long COMMIT_INTERVAL_NANOS = Duration.ofMillis(500).toNanos();
    private static final int MAX_PENDING_BATCHES = 8;
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaClients clients;
    private final Topics topics;
    private final SubmissionParser parser;
    private final SubmissionService service;
    private final SubmissionRejections rejections;
    private final TaskMeters meters;
    private final QueueCatalog queues;
    private final SubmissionPolicy policy;
    private final Caller principal;
    private final String clientId;
    private final Deque<Batch> pending = new ArrayDeque<>();
    private final Map<TopicPartition, OffsetAndMetadata> settled = new HashMap<>();
    private final SupervisedLoop loop;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public KafkaSubmissionIntake(KafkaClients clients, Topics topics, SubmissionParser parser,
            SubmissionService service, SubmissionRejections rejections, TaskMeters meters,
            InstanceIdentity identity, QueueCatalog queues, LoopSupervisor supervisor, SubmissionPolicy policy,
            IntakeConfig intake) {
        this.policy = policy;
        this.principal = intake.caller();
        this.loop = supervisor.loop("kafka-intake", this::session);
        this.queues = queues;
        this.clients = clients;
        this.topics = topics;
        this.parser = parser;
        this.service = service;
        this.rejections = rejections;
        this.meters = meters;
        this.clientId = "queuemgr-intake-" + identity.id();
    }

    public void start() {
        loop.start();
    }

    /**
     * One session: a consumer in the intake group from the committed offsets on. After an error, what was read and not
     * committed is read again by the next session; the task ids derived from each record's place on the topic make
     * the repeat a duplicate, not a second task.
     */
    private void session(SupervisedLoop loop) {
        KafkaConsumer<String, byte[]> c = clients.groupConsumer(topics.group("intake"), clientId);
        consumer = c;
        pending.clear();
        settled.clear();
        boolean failed = true;
        try {
            c.subscribe(List.of(topics.submit()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    settle(true);
                    commit(true);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                }
            });
            long lastCommit = System.nanoTime();
            while (loop.active()) {
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                loop.checkpoint();
                if (!records.isEmpty()) {
                    pending.add(submitAll(records));
                }
                settle(false);
                while (pending.size() > MAX_PENDING_BATCHES) {
                    pending.peek().done().exceptionally(e -> null).join();
                    settle(false);
                }
                if (System.nanoTime() - lastCommit >= COMMIT_INTERVAL_NANOS) {
                    commit(false);
                    lastCommit = System.nanoTime();
                }
            }
            failed = false;
        } catch (WakeupException e) {
            failed = loop.active();
            if (failed) {
                throw e;
            }
        } finally {
            try {
                if (!failed) {
                    settle(true);
                }
                commit(true);
            } catch (RuntimeException e) {
                LOG.debugf("Final intake commit failed: %s", e.getMessage());
            }
            c.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Hands every record of a poll over without waiting: batches are pipelined, so the next poll need not wait for
     * this one's acknowledgements.
     */
    private Batch submitAll(ConsumerRecords<String, byte[]> records) {
        List<CompletableFuture<?>> results = new ArrayList<>(records.count());
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> part = records.records(tp);
            first.put(tp, part.get(0).offset());
            next.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
            for (ConsumerRecord<String, byte[]> record : part) {
                results.add(handle(record));
            }
        }
        return new Batch(first, next, CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)));
    }

    /**
     * Moves finished batches, oldest first, into what may be committed: nothing is committed before Kafka holds the
     * task or rejection of every record up to it. A batch that failed is read again from its first offsets (the
     * deterministic task ids make the repeat harmless).
     */
    private void settle(boolean waitForAll) {
        while (!pending.isEmpty() && (waitForAll || pending.peek().done().isDone())) {
            Batch head = pending.poll();
            try {
                head.done().join();
                settled.putAll(head.next());
            } catch (RuntimeException e) {
                LOG.warnf("Submissions could not be put on Kafka; reading them again: %s", e.getMessage());
                pending.clear();
                head.first().forEach(consumer::seek);
                return;
            }
        }
    }

    private void commit(boolean sync) {
        if (settled.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(settled);
        settled.clear();
        if (sync) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(5));
            } catch (RebalanceInProgressException | CommitFailedException e) {
                // The records are read again by the partitions' next owner; the task ids derived from their place
                // on the topic make that a duplicate, not a second task.
                LOG.debugf("Intake commit skipped during a rebalance: %s", e.getMessage());
            }
        } else {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error != null) {
                    LOG.debugf("Intake commit failed, a later one covers it: %s", error.getMessage());
                }
            });
        }
    }

    /** The records of one poll on their way to Kafka. */
    private record Batch(Map<TopicPartition, Long> first, Map<TopicPartition, OffsetAndMetadata> next,
            CompletableFuture<Void> done) {
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
        String key = blankToNull(record.key());
        var keyProblem = key == null ? java.util.Optional.<String>empty() : SubmissionService.keyProblem(key);
        if (keyProblem.isPresent()) {
            return reject(record, "The record key is not usable as an idempotency key: " + keyProblem.get(),
                    List.of(new FieldError("key", keyProblem.get())));
        }
        return switch (parser.parse(record.value(), null)) {
            case SubmissionParser.Result.Accepted a when !queues.exists(a.submission().queue()) -> reject(record,
                    "There is no queue named '" + a.submission().queue() + "'",
                    List.of(new FieldError("queue", "no such queue; create it with POST /api/queues")));
            case SubmissionParser.Result.Accepted a -> {
                var refusal = policy.refusal(principal, a.submission().type());
                if (refusal.isPresent()) {
                    yield reject(record, refusal.get(), List.of(new FieldError("type", "not granted to the Kafka "
                            + "intake's principal " + principal.name() + " (queuemgr.intake.allowed-types)")));
                }
                UUID id = a.submission().id() != null
                        ? a.submission().id()
                        : TaskIds.deterministic(record.timestamp(), record.partition() + 1L, record.offset());
                yield service.submitAsync(a.submission(), id, key, "kafka", principal.name())
                        .<Object>thenApply(done -> done)
                        .exceptionallyCompose(e -> refusedAfterAll(record, e));
            }
            case SubmissionParser.Result.Refused r -> reject(record, r.reason(), r.errors());
            case SubmissionParser.Result.TooLarge t -> reject(record, t.reason(), t.errors());
        };
    }

    /**
     * A submission that could not become a task for a reason that will not pass (its key made another task, or the
     * task is larger than Kafka takes) is rejected; any other failure fails the batch, which is read again.
     */
    private CompletableFuture<Object> refusedAfterAll(ConsumerRecord<String, byte[]> record, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof IdempotencyKeyReusedException reused) {
            return reject(record, reused.getMessage(), List.of(new FieldError("key",
                    "made a task of a different submission"))).thenApply(v -> null);
        }
        if (cause instanceof RecordTooLargeException) {
            return reject(record, "The task made of this submission is larger than Kafka accepts; send smaller "
                    + "params", List.of()).thenApply(v -> null);
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

    public void stop() {
        loop.stop(() -> {
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }, Duration.ofSeconds(10));
    }
}
