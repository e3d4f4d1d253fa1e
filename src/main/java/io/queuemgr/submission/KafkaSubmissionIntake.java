package io.queuemgr.submission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.messaging.BatchCommits;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.ConsumerSession;
import io.queuemgr.messaging.RecordHandler;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskMeters;
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

    private final KafkaRecordSubmissions submissions;
    private final SubmissionRejections rejections;
    private final TaskMeters meters;
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

    public KafkaSubmissionIntake(ConsumerLoops loops, Topics topics, KafkaRecordSubmissions submissions,
            SubmissionRejections rejections, TaskMeters meters, InstanceIdentity identity, IntakeConfig intake) {
        this.submissions = submissions;
        this.maxPendingBatches = intake.maxPendingBatches();
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
            // What was made before the failure is not made again (nor counted or audited twice) when read again here.
            inFlight.readAgain(session.rewind(from));
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
        return submissions.made(record.value(), record.key(), derived, true).thenCompose(outcome -> switch (outcome) {
            case KafkaOutcome.Made m -> CompletableFuture.<Void>completedFuture(null);
            case KafkaOutcome.Refused r -> reject(record, r.reason(), r.errors());
        });
    }

    private CompletableFuture<Void> reject(ConsumerRecord<String, byte[]> record, String reason,
            List<FieldError> errors) {
        meters.rejected("kafka").increment();
        return rejections.reject(record, reason, errors);
    }
}
