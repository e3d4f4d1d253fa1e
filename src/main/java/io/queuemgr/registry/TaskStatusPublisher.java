package io.queuemgr.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;

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
@ApplicationScoped
public class TaskStatusPublisher {

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
        return Uni.createFrom().completionStage(() -> send(topics.taskStatus(), snapshot.id().toString(),
                codec.encode(snapshot)))
                .invoke(() -> registry.apply(snapshot))
                // Acks arrive on the producer's network thread, which must never run our work (a send from there
                // can deadlock when the producer's buffer is full).
                .emitOn(Infrastructure.getDefaultExecutor())
                .replaceWith(snapshot);
    }

    /** Puts a task to run on the work topic: one record per attempt, keyed by task id. */
    public Uni<Task> enqueue(Task snapshot) {
        return Uni.createFrom().completionStage(() -> send(topics.tasks(), snapshot.id().toString(),
                codec.encode(snapshot))).emitOn(Infrastructure.getDefaultExecutor()).replaceWith(snapshot);
    }

    public Uni<Void> publishLogs(TaskLogBatch batch) {
        byte[] value;
        try {
            value = mapper.writeValueAsBytes(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Uni.createFrom().completionStage(() -> send(topics.taskLogs(), batch.taskId().toString(), value))
                .emitOn(Infrastructure.getDefaultExecutor()).replaceWithVoid();
    }

    public CompletableFuture<Void> send(String topic, String key, byte[] value) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        clients.producer().send(new ProducerRecord<>(topic, key, value), (meta, error) -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(null);
            }
        });
        return acked;
    }

}
