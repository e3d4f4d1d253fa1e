package io.queuemgr.history;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import io.queuemgr.audit.AuditConfig;
import io.queuemgr.audit.AuditEvent;
import io.queuemgr.audit.AuditLogWriter;
import io.queuemgr.audit.SubmissionAudit;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.Projection;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.SnapshotSeal;
import io.queuemgr.messaging.Topics;
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

    private final TaskCodec codec;
    private final TaskHistoryWriter writer;
    private final AuditLogWriter auditLog;
    private final Duration auditRetention;
    private final Duration historyRetention;
    private final HistoryRetention retention;
    private final Clock clock;
    private final ConsumerLoop loop;

    public TaskHistoryProjector(ConsumerLoops loops, Topics topics, TaskCodec codec, TaskHistoryWriter writer,
            InstanceIdentity identity, AuditLogWriter auditLog, AuditConfig audit, HistoryConfig history,
            HistoryRetention retention, Clock clock) {
        this.auditLog = auditLog;
        this.retention = retention;
        this.historyRetention = history.retention();
        this.clock = clock;
        this.auditRetention = audit.retention();
        this.codec = codec;
        this.writer = writer;
        this.loop = loops.projection("history-projector",
                RecordSource.group(topics.group("history"), "queuemgr-history-" + identity.id(),
                        topics.taskStatus()),
                this::writeOf);
    }

    /** Starts writing history, and keeping it within its retention. */
    public void start() {
        retention.start();
        loop.start();
    }

    public void stop() {
        loop.stop();
        retention.stop();
    }

    /**
     * A poll's finished tasks and the audit entries of its submissions, written together. Both writes are waited for
     * even when one fails: failing fast would cancel the other, whose own failure (PostgreSQL away fails both at once,
     * on two event loops) could then arrive on a cancelled subscription, where Mutiny can only log it as an error.
     */
    private Projection.Write writeOf(ConsumerRecords<String, byte[]> records) {
        List<FinishedTask> finished = finishedIn(records);
        List<AuditEvent> submitted = submissionsIn(records);
        return new Projection.Write(finished.size() + " finished tasks to PostgreSQL",
                () -> Uni.combine().all().unis(writer.upsert(finished), auditLog.insert(submitted)).collectFailures()
                        .discardItems());
    }

    /** The audit entries of the submissions among the records (their tasks' first snapshots). */
    private List<AuditEvent> submissionsIn(ConsumerRecords<String, byte[]> records) {
        Instant oldest = clock.instant().minus(auditRetention);
        Map<UUID, AuditEvent> byId = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            SubmissionAudit.of(record, oldest).ifPresent(e -> byId.putIfAbsent(e.id(), e));
        }
        return new ArrayList<>(byId.values());
    }

    private List<FinishedTask> finishedIn(ConsumerRecords<String, byte[]> records) {
        // Only the newest final snapshot per task in a batch is worth a row.
        Map<UUID, FinishedTask> newest = new HashMap<>();
        // A replay of the topic does not bring back what the retention has dropped.
        Instant oldest = clock.instant().minus(historyRetention);
        for (ConsumerRecord<String, byte[]> record : records) {
            TaskStatus status = SnapshotSeal.read(record.headers()).status();
            if (record.value() == null || (status != null && !status.isFinal())) {
                continue;
            }
            try {
                Task t = codec.decode(record.value());
                if (t.status().isFinal() && (t.finishedAt() == null || !t.finishedAt().isBefore(oldest))) {
                    newest.merge(t.id(), new FinishedTask(t, new String(record.value(), StandardCharsets.UTF_8)),
                            (a, b) -> a.task().version() >= b.task().version() ? a : b);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Skipped an unreadable status record at offset %d: %s", record.offset(), e.getMessage());
            }
        }
        return new ArrayList<>(newest.values());
    }
}
