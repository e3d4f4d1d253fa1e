package io.queuemgr.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
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

    /** Reads a poll's records into the registry, then answers the catch-ups they complete. */
    private void read(ConsumerRecords<String, byte[]> records, ConsumerSession session) {
        parallel.apply(records, this::handle);
        listeners.forEach(StatusListener::polled);
        stale.afterPoll(session::position, () -> session.endOffsets(topics.taskStatus()));
        settleCatchUps(session);
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(topics.taskStatus())) {
                UUID id = UUID.fromString(record.key());
                TaskStatus status = SnapshotHeaders.status(record.headers());
                RegistryEntry gone = null;
                if (record.value() == null) {
                    gone = registry.entry(id);
                    registry.remove(id);
                    logs.remove(id);
                } else {
                    Headers headers = record.headers();
                    long version = SnapshotHeaders.version(headers);
                    registry.applyRecord(id, version, status, SnapshotHeaders.startedMs(headers),
                            SnapshotHeaders.finishedMs(headers), record.value());
                    stale.read(id, version);
                }
                RegistryEntry held = gone;
                for (StatusListener listener : listeners) {
                    listener.read(record.partition(), record.offset(), record.headers(),
                            () -> change(record, id, status, held));
                    if (record.value() == null) {
                        listener.removed(id);
                    }
                }
            } else if (record.value() != null) {
                TaskLogBatch batch = mapper.readValue(record.value(), TaskLogBatch.class);
                logs.append(batch.taskId(), batch.lines());
            }
        } catch (Exception e) {
            // One unreadable record must not stop the registry; it is skipped and said once.
            LOG.warnf("Skipped an unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
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

    private void settleCatchUps(ConsumerSession session) {
        CatchUp next;
        while ((next = requests.poll()) != null) {
            next.targets = session.endOffsets(topics.taskStatus());
            waiting.add(next);
        }
        waiting.removeIf(c -> {
            boolean reached = c.targets.entrySet().stream()
                    .allMatch(e -> session.position(e.getKey()) >= e.getValue());
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
