package io.queuemgr.history;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.queuemgr.audit.AuditConfig;
import io.queuemgr.audit.AuditEvent;
import io.queuemgr.audit.AuditLogWriter;
import io.queuemgr.audit.SubmissionAudit;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.Topics;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.SupervisedLoop;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/**
 * Follows the status topic in its own consumer group and writes finished tasks to PostgreSQL. A batch whose write
 * fails is written again (after a pause) before its offsets are committed; PostgreSQL lags, it never loses a task.
 */
@ApplicationScoped
public class TaskHistoryProjector {

    private static final Logger LOG = Logger.getLogger(TaskHistoryProjector.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final Topics topics;
    private final TaskCodec codec;
    private final TaskHistoryWriter writer;
    private final AuditLogWriter auditLog;
    private final Duration auditRetention;
    private final String clientId;
    private final SupervisedLoop loop;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public TaskHistoryProjector(KafkaClients clients, Topics topics, TaskCodec codec, TaskHistoryWriter writer,
            InstanceIdentity identity, LoopSupervisor supervisor, AuditLogWriter auditLog, AuditConfig audit) {
        this.loop = supervisor.loop("history-projector", this::session);
        this.auditLog = auditLog;
        this.auditRetention = audit.retention();
        this.clients = clients;
        this.topics = topics;
        this.codec = codec;
        this.writer = writer;
        this.clientId = "queuemgr-history-" + identity.id();
    }

    public void start() {
        loop.start();
    }

    /** One session: a consumer in the history group, from the committed offsets on, until stopped or an error. */
    private void session(SupervisedLoop loop) {
        // History may lag by a moment: large fetches keep the projector cheap.
        consumer = clients.groupConsumer(topics.group("history"), clientId, Map.of(
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500));
        KafkaConsumer<String, byte[]> c = consumer;
        try {
            c.subscribe(List.of(topics.taskStatus()));
            while (loop.active()) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                loop.checkpoint();
                if (records.isEmpty()) {
                    continue;
                }
                List<FinishedTask> finished = finishedIn(records);
                List<AuditEvent> submitted = submissionsIn(records);
                if (!writeUntilDone(finished, submitted)) {
                    // Stopped while PostgreSQL was away: these records are read again from the committed offsets.
                    break;
                }
                try {
                    c.commitSync();
                } catch (RebalanceInProgressException | CommitFailedException e) {
                    // The group is rebalancing (an instance joined or left): whoever gets these partitions reads the
                    // records again, and writing a row twice changes nothing.
                    LOG.debugf("History commit skipped during a rebalance: %s", e.getMessage());
                }
            }
        } catch (WakeupException e) {
            if (loop.active()) {
                throw e;
            }
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    /** The audit entries of the submissions among the records (their tasks' first snapshots). */
    private List<AuditEvent> submissionsIn(ConsumerRecords<String, byte[]> records) {
        Instant oldest = Instant.now().minus(auditRetention);
        Map<UUID, AuditEvent> byId = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            SubmissionAudit.of(record, oldest).ifPresent(e -> byId.putIfAbsent(e.id(), e));
        }
        return new ArrayList<>(byId.values());
    }

    private List<FinishedTask> finishedIn(ConsumerRecords<String, byte[]> records) {
        // Only the newest final snapshot per task in a batch is worth a row.
        Map<UUID, FinishedTask> newest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TaskStatus status = SnapshotHeaders.status(record.headers());
            if (record.value() == null || (status != null && !status.isFinal())) {
                continue;
            }
            try {
                Task t = codec.decode(record.value());
                if (t.status().isFinal()) {
                    newest.merge(t.id(), new FinishedTask(t, new String(record.value(), StandardCharsets.UTF_8)),
                            (a, b) -> a.task().version() >= b.task().version() ? a : b);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Skipped an unreadable status record at offset %d: %s", record.offset(), e.getMessage());
            }
        }
        return new ArrayList<>(newest.values());
    }

    /** Whether the rows were written; false when the loop was stopped first. */
    private boolean writeUntilDone(List<FinishedTask> finished, List<AuditEvent> submitted) {
        long backoffMs = 500;
        while (loop.active()) {
            try {
                Uni.combine().all().unis(writer.upsert(finished), auditLog.insert(submitted)).discardItems()
                        .await().atMost(WRITE_TIMEOUT);
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("Writing %d finished tasks to PostgreSQL failed, trying again in %d ms: %s",
                        finished.size(), backoffMs, e.getMessage());
                consumer.pause(consumer.assignment());
                consumer.poll(Duration.ofMillis(backoffMs)); // keeps the group membership alive while waiting
                consumer.resume(consumer.paused());
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
        return false;
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
