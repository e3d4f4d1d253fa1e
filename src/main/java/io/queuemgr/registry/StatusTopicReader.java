package io.queuemgr.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.ConsumerSession;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.TaskLogBatch;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

/**
 * Materialises the compacted status topic (and the log topic) into this instance's registry: reads every partition
 * from the beginning on start, then follows. Other parts ask it to be caught up before they act on what it holds. A
 * large poll is applied on several threads, by partition (see {@link ParallelApply}).
 */
@ApplicationScoped
public class StatusTopicReader {

    private static final Logger LOG = Logger.getLogger(StatusTopicReader.class);
    private static final int POLL_RECORDS = 12_000;
    /** Snapshot records applied under one pair of lock rounds. */
    private static final int BATCH = 256;

    private final Topics topics;
    private final TaskRegistry registry;
    private final TaskLogStore logs;
    private final ObjectMapper mapper;
    private final TaskCodec codec;
    private final List<StatusListener> listeners;
    private final StaleSnapshots stale;
    private final Queue<CatchUp> requests = new ConcurrentLinkedQueue<>();
    private final List<CatchUp> waiting = new ArrayList<>();
    private final ConsumerLoop loop;
    private final ParallelApply parallel;
    /** A large poll being applied on the helper threads (only the reader's thread sets it); null when none is. */
    private CompletableFuture<Void> applying;

    public StatusTopicReader(ConsumerLoops loops, Topics topics, TaskRegistry registry, TaskLogStore logs,
            ObjectMapper mapper, TaskCodec codec, Instance<StatusListener> listeners, StaleSnapshots stale,
            QueuemgrConfig config) {
        this.topics = topics;
        this.stale = stale;
        this.codec = codec;
        this.listeners = listeners.stream().toList();
        this.registry = registry;
        this.logs = logs;
        this.mapper = mapper;
        this.parallel = new ParallelApply(config.registry().readerThreads());
        // Polls large enough to hold several partitions' fetches, so that the replay is spread over the threads.
        this.loop = loops.loop("registry-reader", new RecordSource(List.of(topics.taskStatus(), topics.taskLogs()),
                null, "queuemgr-registry", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, POLL_RECORDS),
                RecordSource.Start.BEGINNING)).stopWithin(Duration.ofSeconds(5)).handledBy(this::read);
    }

    public void start() {
        loop.start();
    }

    /** Returns once everything on the status topic at the time of the call has been read into the registry. */
    public void awaitCaughtUp(Duration timeout) throws TimeoutException {
        CatchUp request = new CatchUp(new CompletableFuture<>());
        requests.add(request);
        try {
            request.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while waiting for the registry");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("registry reader failed", e.getCause());
        }
    }

    /**
     * Reads a poll's records into the registry, then answers the catch-ups they complete. A large poll (the replay at
     * start) is applied on the helper threads while this thread fetches the next one; its catch-ups are answered when
     * the next poll comes, from positions that leave out that poll's records, which are not applied yet.
     */
    private void read(ConsumerRecords<String, byte[]> records, ConsumerSession session) {
        if (applying != null) {
            Map<TopicPartition, Long> unapplied = new HashMap<>();
            records.partitions().forEach(tp -> unapplied.put(tp, records.records(tp).get(0).offset()));
            applying.join();
            applying = null;
            afterPoll(session, tp -> unapplied.containsKey(tp) ? unapplied.get(tp) : session.position(tp));
        }
        if (parallel.pipelines(records)) {
            applying = parallel.applyAsync(records, this::handlePartition);
            return;
        }
        parallel.apply(records, this::handlePartition);
        afterPoll(session, session::position);
    }

    /** Once every record up to {@code applied} is in the registry. */
    private void afterPoll(ConsumerSession session, ToLongFunction<TopicPartition> applied) {
        listeners.forEach(StatusListener::polled);
        stale.afterPoll(applied, () -> session.endOffsets(topics.taskStatus()));
        settleCatchUps(session, applied);
    }

    /** One partition's records of a poll, in their order; snapshots are applied in batches (IncomingRecords). */
    private void handlePartition(List<ConsumerRecord<String, byte[]>> records) {
        if (!records.get(0).topic().equals(topics.taskStatus())) {
            records.forEach(this::handleLog);
            return;
        }
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(Math.min(BATCH, records.size()));
        List<IncomingRecords.Incoming> incoming = new ArrayList<>(Math.min(BATCH, records.size()));
        List<SnapshotHeaders.Stamp> stamps = new ArrayList<>(Math.min(BATCH, records.size()));
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
            SnapshotHeaders.Stamp stamp = SnapshotHeaders.stamp(record.headers());
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
            List<SnapshotHeaders.Stamp> stamps) {
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
                for (StatusListener listener : listeners) {
                    listener.read(record.partition(), record.offset(), record.headers(), stamps.get(i),
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
            registry.remove(id);
            logs.remove(id);
            for (StatusListener listener : listeners) {
                listener.read(record.partition(), record.offset(), record.headers(),
                        () -> change(record, id, null, gone));
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

    /** One unreadable record must not stop the registry; it is skipped and said once. */
    private static void skipped(ConsumerRecord<String, byte[]> record, Exception e) {
        LOG.warnf("Skipped an unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                record.offset(), e.getMessage());
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

    private void settleCatchUps(ConsumerSession session, ToLongFunction<TopicPartition> applied) {
        CatchUp next;
        while ((next = requests.poll()) != null) {
            next.targets = session.endOffsets(topics.taskStatus());
            waiting.add(next);
        }
        waiting.removeIf(c -> {
            boolean reached = c.targets.entrySet().stream()
                    .allMatch(e -> applied.applyAsLong(e.getKey()) >= e.getValue());
            if (reached) {
                c.done.complete(null);
            }
            return reached;
        });
    }

    public void stop() {
        loop.stop();
        parallel.close();
    }

    private static final class CatchUp {
        final CompletableFuture<Void> done;
        Map<TopicPartition, Long> targets = Map.of();

        CatchUp(CompletableFuture<Void> done) {
            this.done = done;
        }
    }
}
