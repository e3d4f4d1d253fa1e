package io.queuemgr.registry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.SnapshotTooLargeException;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;

/**
 * Puts task snapshots on the compacted status topic. Once Kafka has a snapshot, this instance's registry takes it at
 * once, so that a client polling the instance it just talked to sees its own change.
 */
@Singleton
public class TaskStatusPublisher {

    private static final Logger LOG = Logger.getLogger(TaskStatusPublisher.class);

    private final KafkaClients clients;
    private final Topics topics;
    private final TaskCodec codec;
    private final TaskRegistry registry;
    private final InTransit inTransit;
    private final int maxSnapshotBytes;
    /** How long a caller's submission waits for the producer to take its records (see {@link #submitAsync}). */
    private final Duration brokerWait;
    private final List<SnapshotStamp> stamps;
    /** Named on every snapshot this instance writes. */
    private final String writer;
    private final QueuePartitions layout;

    public TaskStatusPublisher(KafkaClients clients, Topics topics, TaskCodec codec, TaskRegistry registry,
            QueuemgrConfig config, InstanceIdentity identity, Instance<SnapshotStamp> stamps,
            QueuePartitions layout, InTransit inTransit) {
        this.layout = layout;
        this.inTransit = inTransit;
        this.stamps = stamps.stream().toList();
        this.writer = identity.id();
        this.maxSnapshotBytes = config.dispatch().maxSnapshotBytes();
        this.brokerWait = config.submission().brokerWait();
        this.clients = clients;
        this.topics = topics;
        this.codec = codec;
        this.registry = registry;
    }

    /**
     * Publishes a snapshot and applies it to this instance's registry at the ack, so that the registry reader, which
     * sees the same record moments later, skips parsing it. The future completes on the producer's network thread:
     * callers must hand any further work to their own thread.
     */
    public CompletableFuture<Task> publishAsync(Task snapshot) {
        return KafkaClients.offEventLoop(() -> {
            byte[] value = encodeBounded(snapshot);
            return sendSnapshot(snapshot, value).thenApply(ok -> {
                registry.apply(snapshot, value);
                return snapshot;
            });
        });
    }

    /**
     * Publishes a snapshot and the same bytes as a record on another topic (a retry to schedule, a dead letter),
     * completing when Kafka holds both.
     */
    public CompletableFuture<Task> publishAsync(Task snapshot, String alsoTopic, String alsoKey, Headers alsoHeaders) {
        return KafkaClients.offEventLoop(() -> {
            byte[] value = encodeBounded(snapshot);
            CompletableFuture<Void> also = clients
                    .send(record(alsoTopic, snapshot.queue(), alsoKey, value, alsoHeaders));
            return CompletableFuture.allOf(also, sendSnapshot(snapshot, value)).thenApply(ok -> {
                registry.apply(snapshot, value);
                return snapshot;
            });
        });
    }

    /**
     * Publishes a PENDING snapshot and puts the task where it waits to run: on the retry topic while it has a retry
     * time (the retry scheduler hands it over when due, at once if that has passed), otherwise on the work topic.
     * Completes when Kafka holds both, on the producer's network thread.
     */
    public CompletableFuture<Task> publishWaiting(Task pending) {
        return pending.nextRetryAt() != null
                ? publishAsync(pending, topics.tasksRetry(), pending.id().toString(),
                        SnapshotHeaders.retry(pending.nextRetryAt(), pending.queue()))
                : publishAsync(pending, topics.tasks(), pending.queue(), new RecordHeaders());
    }

    /**
     * Puts a work record on the work topic (the same JSON as the task's snapshot), keyed by its queue: all of a
     * queue's work is on one partition, so one instance at a time dispatches it and enforces its limits.
     */
    public CompletableFuture<Void> sendWork(String queue, byte[] snapshotJson) {
        return clients.send(topics.tasks(), queue, snapshotJson);
    }

    /**
     * Publishes a snapshot nobody waits for (RUNNING, progress): just the send; the registry takes it at the ack. A
     * later snapshot of the task follows it in order on the same partition.
     */
    public void publishQuietly(Task snapshot) {
        byte[] value = codec.encode(snapshot);
        if (value.length > maxSnapshotBytes) {
            // Only the final snapshot must get through; it is cut to size by the runner.
            LOG.warnf("Snapshot %d of task %s is %d bytes, over the limit of %d; it is left out", snapshot.version(),
                    snapshot.id(), value.length, maxSnapshotBytes);
            return;
        }
        KafkaClients.offEventLoop(() -> sendSnapshot(snapshot, value)).whenComplete((ok, error) -> {
            if (error == null) {
                registry.apply(snapshot, value);
            } else {
                LOG.warnf("Snapshot %d of task %s was not published: %s", snapshot.version(), snapshot.id(),
                        error.getMessage());
            }
        });
    }

    /**
     * A new task: its first snapshot and the record it waits on (see {@link #waitingRecord}), sent together from one
     * encoding, so that the caller waits for one round trip. The queue's owner may then run the task and publish its
     * final snapshot before this PENDING one lands; every registry reader re-publishes a final snapshot it reads an
     * older one after ({@link StaleSnapshots}), so that compaction keeps the final one. Completes once Kafka holds
     * both, on the producer's network thread. {@code waitedOn}: a caller waits for the answer, so the records go out
     * at once instead of lingering for a fuller batch. Completes with the snapshot's JSON as Kafka holds it, which is
     * also the task's JSON on the REST API: the answer to the submission need not encode it again. Fails with
     * {@link StrandedTaskException} when the snapshot reached Kafka and the work record did not.
     */
    public CompletableFuture<byte[]> submitAsync(Task task, boolean waitedOn) {
        byte[] value;
        try {
            value = encodeBounded(task);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        var waiting = waitingRecord(task, value);
        var snapshot = snapshotRecord(task, value);
        List<ProducerRecord<String, byte[]>> records = waiting == null ? List.of(snapshot) : List.of(waiting, snapshot);
        List<CompletableFuture<Void>> acks;
        if (waitedOn) {
            // The work record goes first: should the broker go away between the two, a task that runs without its
            // first snapshot is better than a snapshot of a task that never runs. A caller's send never blocks, so
            // it is made on the calling thread even on an event loop: one thread hop less per call.
            acks = clients.sendEachWaitedOn(records, brokerWait);
        } else {
            CompletableFuture<List<CompletableFuture<Void>>> each = KafkaClients.offEventLoop(() -> CompletableFuture
                    .completedFuture(records.stream().map(clients::sendNow).toList()));
            acks = IntStream.range(0, records.size()).mapToObj(i -> each.thenCompose(list -> list.get(i))).toList();
        }
        CompletableFuture<Void> snapshotAck = acks.getLast();
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).handle((ok, error) -> {
            if (error != null && snapshotAck.isCompletedExceptionally()) {
                throw error instanceof CompletionException
                        ? (CompletionException) error
                        : new CompletionException(error);
            }
            // The snapshot is on Kafka: every reader of the status topic will know the task, whatever became of its
            // work record.
            if (!registry.apply(task, value) && !registry.holdsQueue(task.queue())) {
                inTransit.sent(task.id(), value);
            }
            if (error != null) {
                throw new StrandedTaskException(task, acks.getFirst().exceptionNow());
            }
            return value;
        });
    }

    /**
     * Puts a waiting task's work record on the work topic again: for a submission repeated while the task has not
     * started, whose first work record may never have reached Kafka. A second work record of a task is harmless (the
     * runner skips a task that runs or has run).
     */
    public CompletableFuture<Void> resendWork(Task pending) {
        return clients.send(waitingRecord(pending, codec.encode(pending)));
    }

    /**
     * Where a new task waits: a scheduled one on the retry topic until its time, as a retry waits (the retry
     * scheduler hands it to the work topic when due, and the topic outlives restarts); one held back nowhere (the
     * operator's resume sends its work record); any other on the work topic, keyed by its queue (see
     * {@link #sendWork}).
     */
    private ProducerRecord<String, byte[]> waitingRecord(Task task, byte[] value) {
        if (task.status().isPaused()) {
            return null;
        }
        if (task.nextRetryAt() != null) {
            return record(topics.tasksRetry(), task.queue(), task.id().toString(), value,
                    SnapshotHeaders.retry(task.nextRetryAt(), task.queue()));
        }
        return new ProducerRecord<>(topics.tasks(), task.queue(), value);
    }

    /** Encodes a snapshot, refusing one larger than a snapshot may be. */
    private byte[] encodeBounded(Task snapshot) {
        byte[] value = codec.encode(snapshot);
        if (value.length > maxSnapshotBytes) {
            throw new SnapshotTooLargeException(value.length, maxSnapshotBytes);
        }
        return value;
    }

    private CompletableFuture<Void> sendSnapshot(Task task, byte[] value) {
        return clients.sendNow(snapshotRecord(task, value));
    }

    private ProducerRecord<String, byte[]> snapshotRecord(Task task, byte[] value) {
        Headers headers = SnapshotHeaders.of(task, writer);
        stamps.forEach(stamp -> stamp.stamp(task, headers));
        return record(topics.taskStatus(), task.queue(), task.id().toString(), value, headers);
    }

    /** A record keyed as given, on the partition of the topic that holds the queue's records ({@link QueuePartitions}). */
    private ProducerRecord<String, byte[]> record(String topic, String queue, String key, byte[] value,
            Headers headers) {
        return new ProducerRecord<>(topic, layout.of(topic, queue), key, value, headers);
    }

}
