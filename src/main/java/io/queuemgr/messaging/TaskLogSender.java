package io.queuemgr.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Puts a running task's log lines on the log topic, keyed by the task, on its queue's partition. */
@Singleton
public class TaskLogSender {

    private final KafkaClients clients;
    private final Topics topics;
    private final QueuePartitions layout;
    private final ObjectMapper mapper;

    public TaskLogSender(KafkaClients clients, Topics topics, QueuePartitions layout, ObjectMapper mapper) {
        this.clients = clients;
        this.topics = topics;
        this.layout = layout;
        this.mapper = mapper;
    }

    /** Log lines of a running task of the queue; completes on the producer's network thread. */
    public CompletableFuture<Void> send(String queue, TaskLogBatch batch) {
        byte[] value;
        try {
            value = mapper.writeValueAsBytes(batch);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException(e));
        }
        String topic = topics.taskLogs();
        return clients.send(new ProducerRecord<>(topic, layout.of(topic, queue), batch.taskId().toString(), value));
    }
}
