package io.queuemgr.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.StatusChange;
import io.queuemgr.task.TaskCodec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Reads the status topic between two positions for a watcher that resumes: a consumer of its own per replay,
 * assigned and seeked, in no group, read as fast as the watcher takes it and closed when the replay ends.
 */
@Singleton
public class StatusReplay {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaClients clients;
    private final Topics topics;
    private final TaskCodec codec;

    public StatusReplay(KafkaClients clients, Topics topics, TaskCodec codec) {
        this.clients = clients;
        this.topics = topics;
        this.codec = codec;
    }

    /** The snapshots at or after {@code from} and before {@code to}, each partition in order. */
    Multi<StatusChange> between(StreamPosition from, StreamPosition to) {
        return Multi.createFrom().resource(() -> new Reading(from, to),
                reading -> Multi.createBy().repeating().supplier(reading::next).whilst(batch -> !batch.last())
                        .onItem().transformToIterable(Batch::items))
                .withFinalizer(Reading::close)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private record Batch(List<StatusChange> items, boolean last) {
    }

    /** One replay's consumer; its calls are serialised, as a Kafka consumer needs, by its lock. */
    private final class Reading {

        private final KafkaConsumer<String, byte[]> consumer;
        private final StreamPosition to;
        private final List<TopicPartition> pending = new ArrayList<>();
        private boolean closed;

        Reading(StreamPosition from, StreamPosition to) {
            this.to = to;
            String topic = topics.taskStatus();
            // An offset the topic no longer holds (compacted or past retention) reads on from the oldest it holds.
            this.consumer = clients.consumer(new RecordSource(List.of(topic), null, "queuemgr-events-replay",
                    Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), RecordSource.Start.BEGINNING));
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                if (from.next(p.partition()) < to.next(p.partition())) {
                    pending.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(pending);
            pending.forEach(tp -> consumer.seek(tp, from.next(tp.partition())));
        }

        synchronized Batch next() {
            if (closed || pending.isEmpty()) {
                return new Batch(List.of(), true);
            }
            List<StatusChange> items = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < to.next(record.partition())) {
                    StatusChanges.of(record, codec).ifPresent(items::add);
                }
            }
            // What lies past the end of the replay comes live: a partition that reached it is fetched no more.
            List<TopicPartition> reached = pending.stream()
                    .filter(tp -> consumer.position(tp) >= to.next(tp.partition())).toList();
            consumer.pause(reached);
            pending.removeAll(reached);
            return new Batch(items, false);
        }

        synchronized void close() {
            closed = true;
            consumer.close();
        }
    }
}
