package io.queuemgr.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.ConsumerSession;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.RecordHandler;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.TaskCodec;

/**
 * With split holding, the registry reads only the status partitions of the queues this instance dispatches, but a
 * watcher of {@code /api/events} asks for every task's changes: this reader follows every status partition from the
 * end (no group: each instance reads all) and tells the {@link TaskEventHub}. A snapshot is parsed only while someone
 * watches; otherwise a record costs its fetch and a position.
 */
@Singleton
public class EveryStatusPartition {

    private static final Logger LOG = Logger.getLogger(EveryStatusPartition.class);

    private final TaskEventHub hub;
    private final KafkaClients clients;
    private final TaskCodec codec;
    private final String topic;
    private final ConsumerLoop loop;

    public EveryStatusPartition(ConsumerLoops loops, Topics topics, TaskEventHub hub, TaskCodec codec,
            InstanceIdentity identity, KafkaClients clients) {
        this.hub = hub;
        this.clients = clients;
        this.codec = codec;
        this.topic = topics.taskStatus();
        // From the ends start() places the hub at; a later session goes on where the last one read.
        this.loop = loops.loop("events-reader",
                RecordSource.everyPartition("queuemgr-events-" + identity.id(), RecordSource.Start.END, topic))
                .poll(Duration.ofMillis(200)).handledBy(new Reading());
    }

    /**
     * Starts reading when the hub reads on its own (split holding wanted); otherwise the registry tells it. The ends
     * of the partitions are looked up first and the hub placed there, and reading starts from them: a watcher that
     * joins at once resumes or starts at a position the reader goes on from, with nothing between.
     */
    public void start() {
        if (!hub.readsOnItsOwn()) {
            return;
        }
        try (var consumer = clients.consumer(new RecordSource(List.of(topic), null, "queuemgr-events-ends", Map.of(),
                RecordSource.Start.END))) {
            List<TopicPartition> all = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> all.add(new TopicPartition(topic, p.partition())));
            // Assigned first: a read_committed consumer asked for the ends of partitions it is not assigned warns
            // once per partition that it cannot keep their last stable offsets.
            consumer.assign(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            ends.forEach((tp, end) -> hub.startsAt(tp.partition(), end));
            hub.placed();
            loop.startFrom(ends);
        } catch (RuntimeException e) {
            // The brokers did not answer in time: the reader places the hub at its first poll instead.
            LOG.warnf("Task events: the status topic's ends could not be looked up (%s); watchers are let in once "
                    + "the reader has polled", e.getMessage());
        }
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    private final class Reading implements RecordHandler {

        @Override
        public void handle(ConsumerRecords<String, byte[]> records, ConsumerSession session) {
            if (!hub.isPlaced()) {
                // Where the session started: the first record polled, or, on a partition with none, the position.
                for (int p = 0; p < session.partitionCount(topic); p++) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    var polled = records.records(tp);
                    hub.startsAt(p, polled.isEmpty() ? session.position(tp) : polled.get(0).offset());
                }
                hub.placed();
            }
            // Nobody watching (most of the time): one call for the poll, not one per record.
            Map<Integer, Long> lastOffsets = new HashMap<>();
            for (TopicPartition tp : records.partitions()) {
                var polled = records.records(tp);
                lastOffsets.put(tp.partition(), polled.get(polled.size() - 1).offset());
            }
            if (!lastOffsets.isEmpty() && hub.passedUnwatched(lastOffsets)) {
                return;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                hub.take(record.partition(), record.offset(), () -> StatusChanges.of(record, codec).orElse(null));
            }
            hub.taken();
        }
    }
}
