package io.queuemgr.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.kafka.KafkaClients;
import io.queuemgr.kafka.Topics;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Puts task snapshots on the compacted status topic. Once Kafka has a snapshot, this instance's registry takes it at
 * once, so that a client polling the instance it just talked to sees its own change.
 */
@Singleton
public class TaskStatusPublisher {

    private static final Logger LOG = Logger.getLogger(TaskStatusPublisher.class);

    /**
     * Acks arrive on the producer's network thread, which must never run our work: a send from there can deadlock
     * once the producer's buffer is full. Everything after an ack continues here.
     */
    private static final Executor WORKERS = Infrastructure.getDefaultExecutor();

    private final KafkaClients clients;
    private final Topics topics;
    private final TaskCodec codec;
    private final TaskRegistry registry;
    private final ObjectMapper mapper;

    public TaskStatusPublisher(KafkaClients clients, Topics topics, TaskCodec codec, TaskRegistry registry,
            ObjectMapper mapper) {
        this.clients = clients;
        this.topics = topics;
        this.codec = codec;
        this.registry = registry;
        this.mapper = mapper;
    }

    public Uni<Task> publish(Task snapshot) {
        byte[] value = codec.encode(snapshot);
        return Uni.createFrom().completionStage(() -> sendSnapshot(snapshot, value))
                // Applied at the ack, before the hop: a cheap map update, and the registry reader, which sees the
                // same record moments later, then skips parsing it.
                .invoke(() -> registry.apply(snapshot))
                .emitOn(WORKERS)
                .replaceWith(snapshot);
    }

    /**
     * Publishes a snapshot nobody waits for (RUNNING, progress): no Uni and no thread hop, just the send; the
     * registry takes it at the ack. A later snapshot of the task follows it in order on the same partition.
     */
    public void publishQuietly(Task snapshot) {
        sendSnapshot(snapshot, codec.encode(snapshot)).whenComplete((ok, error) -> {
            if (error == null) {
                registry.apply(snapshot);
            } else {
                LOG.warnf("Snapshot %d of task %s was not published: %s", snapshot.version(), snapshot.id(),
                        error.getMessage());
            }
        });
    }

    /**
     * A new task: the work record and the first snapshot, sent together (one encoding) and answered once Kafka
     * holds both.
     */
    public Uni<Task> submit(Task task) {
        byte[] value = codec.encode(task);
        return Uni.createFrom().completionStage(() -> {
            CompletableFuture<Void> work = send(topics.tasks(), task.id().toString(), value);
            return CompletableFuture.allOf(work, sendSnapshot(task, value));
        }).invoke(() -> registry.apply(task)).emitOn(WORKERS).replaceWith(task);
    }

    public Uni<Void> publishLogs(TaskLogBatch batch) {
        byte[] value;
        try {
            value = mapper.writeValueAsBytes(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Uni.createFrom().completionStage(() -> send(topics.taskLogs(), batch.taskId().toString(), value))
                .emitOn(WORKERS).replaceWithVoid();
    }

    private CompletableFuture<Void> sendSnapshot(Task task, byte[] value) {
        return send(new ProducerRecord<>(topics.taskStatus(), null, task.id().toString(), value,
                SnapshotHeaders.of(task)));
    }

    public CompletableFuture<Void> send(String topic, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        clients.producer().send(record, (meta, error) -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(null);
            }
        });
        return acked;
    }

}
