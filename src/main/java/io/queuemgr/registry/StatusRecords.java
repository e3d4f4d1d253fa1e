package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.SnapshotSeal;
import io.queuemgr.messaging.TaskLogBatch;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

/**
 * One partition's records of a poll, as the registry reader takes them: snapshots applied in batches
 * ({@link IncomingRecords}), tombstones, log lines; then the stale-snapshot check and the listeners, record by record
 * in their order. Called for one partition at a time per thread ({@link ParallelApply}).
 */
final class StatusRecords {

    private static final Logger LOG = Logger.getLogger(StatusRecords.class);
    /** Snapshot records applied under one pair of lock rounds. */
    private static final int BATCH = 256;

    private final Topics topics;
    private final TaskRegistry registry;
    private final TaskLogStore logs;
    private final ObjectMapper mapper;
    private final TaskCodec codec;
    private final List<StatusListener> listeners;
    private final StaleSnapshots stale;
    private final UnreadRecords unread;
    private final MisplacedTasks misplaced;

    StatusRecords(Topics topics, TaskRegistry registry, TaskLogStore logs, ObjectMapper mapper, TaskCodec codec,
            List<StatusListener> listeners, StaleSnapshots stale, UnreadRecords unread, MisplacedTasks misplaced) {
        this.misplaced = misplaced;
        this.topics = topics;
        this.registry = registry;
        this.logs = logs;
        this.mapper = mapper;
        this.codec = codec;
        this.listeners = listeners;
        this.stale = stale;
        this.unread = unread;
    }

    /** One partition's records of a poll, in their order; snapshots are applied in batches (IncomingRecords). */
    void apply(List<ConsumerRecord<String, byte[]>> records) {
        if (!records.get(0).topic().equals(topics.taskStatus())) {
            records.forEach(this::handleLog);
            return;
        }
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(Math.min(BATCH, records.size()));
        List<IncomingRecords.Incoming> incoming = new ArrayList<>(Math.min(BATCH, records.size()));
        List<SnapshotSeal> stamps = new ArrayList<>(Math.min(BATCH, records.size()));
        for (ConsumerRecord<String, byte[]> record : records) {
            UUID id;
            try {
                id = UUID.fromString(record.key());
            } catch (RuntimeException e) {
                skipped(record, e);
                continue;
            }
            if (record.value() == null) {
                // A tombstone finds every earlier snapshot of its task applied.
                applyBatch(batch, incoming, stamps);
                removed(record, id);
                continue;
            }
            SnapshotSeal stamp = SnapshotSeal.read(record.headers());
            batch.add(record);
            stamps.add(stamp);
            incoming.add(new IncomingRecords.Incoming(id, stamp.version(), stamp.status(), stamp.startedMs(),
                    stamp.finishedMs(), record.value()));
            if (batch.size() == BATCH) {
                applyBatch(batch, incoming, stamps);
            }
        }
        applyBatch(batch, incoming, stamps);
    }

    private void applyBatch(List<ConsumerRecord<String, byte[]>> batch, List<IncomingRecords.Incoming> incoming,
            List<SnapshotSeal> stamps) {
        if (batch.isEmpty()) {
            return;
        }
        List<IncomingRecords.Outcome> outcomes = registry.applyRecords(incoming);
        for (int i = 0; i < batch.size(); i++) {
            ConsumerRecord<String, byte[]> record = batch.get(i);
            IncomingRecords.Incoming in = incoming.get(i);
            IncomingRecords.Outcome outcome = outcomes.get(i);
            if (outcome.unreadable() != null) {
                skipped(record, outcome.unreadable());
                continue;
            }
            try {
                if (in.version() >= 0) {
                    stale.read(in.id(), in.version(), outcome.heldVersion(), outcome.heldFinal());
                }
                if (outcome.taken() || (in.version() >= 0 && in.version() == outcome.heldVersion())) {
                    misplaced.read(in.id(), record.partition(), outcome.queue());
                }
                for (StatusListener listener : listeners) {
                    listener.read(record.partition(), record.offset(), stamps.get(i),
                            () -> change(record, in.id(), in.status(), null));
                }
            } catch (RuntimeException e) {
                skipped(record, e);
            }
        }
        batch.clear();
        incoming.clear();
        stamps.clear();
    }

    private void removed(ConsumerRecord<String, byte[]> record, UUID id) {
        try {
            RegistryEntry gone = registry.entry(id);
            // A second tombstone drops what an earlier version's snapshots may have brought back, but the deletion
            // was the first one: no watcher hears of it twice, and this instance's own deletion stays ahead.
            boolean second = SnapshotHeaders.isCleanup(record.headers());
            registry.remove(id, !second);
            logs.remove(id);
            misplaced.removed(id);
            for (StatusListener listener : listeners) {
                listener.read(record.partition(), record.offset(),
                        () -> second ? null : change(record, id, null, gone));
                listener.removed(id);
            }
        } catch (RuntimeException e) {
            skipped(record, e);
        }
    }

    private void handleLog(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            TaskLogBatch batch = mapper.readValue(record.value(), TaskLogBatch.class);
            logs.append(batch.taskId(), batch.lines());
        } catch (Exception e) {
            skipped(record, e);
        }
    }

    /** One unreadable record must not stop the registry; it is skipped, said once and counted. */
    private void skipped(ConsumerRecord<String, byte[]> record, Exception e) {
        LOG.warnf("Skipped an unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                record.offset(), e.getMessage());
        unread.skipped();
    }

    private StatusChange change(ConsumerRecord<String, byte[]> record, UUID id, TaskStatus status,
            RegistryEntry gone) {
        if (record.value() == null) {
            return StatusChange.deleted(record.partition(), record.offset(), id, record.headers(), gone);
        }
        RegistryEntry held = registry.entry(id);
        if (held != null && status != null) {
            return StatusChange.of(record.partition(), record.offset(), id, status, held, record.value());
        }
        return StatusChange.of(record.partition(), record.offset(), codec.decode(record.value()), record.value());
    }
}
