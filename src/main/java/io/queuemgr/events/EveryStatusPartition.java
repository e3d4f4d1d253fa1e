package io.queuemgr.events;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.ConsumerSession;
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

    private final TaskEventHub hub;
    private final TaskCodec codec;
    private final String topic;
    private final ConsumerLoop loop;

    public EveryStatusPartition(ConsumerLoops loops, Topics topics, TaskEventHub hub, TaskCodec codec,
            InstanceIdentity identity) {
        this.hub = hub;
        this.codec = codec;
        this.topic = topics.taskStatus();
        // From the end on the first session, as a watcher joining now asks; a later session goes on where the last
        // one read.
        this.loop = loops.loop("events-reader",
                RecordSource.everyPartition("queuemgr-events-" + identity.id(), RecordSource.Start.END, topic))
                .poll(Duration.ofMillis(200)).handledBy(new Reading());
    }

    /** Starts reading when the hub reads on its own (split holding wanted); otherwise the registry tells it. */
    public void start() {
        if (hub.readsOnItsOwn()) {
            loop.start();
        }
    }

    public void stop() {
        loop.stop();
    }

    private final class Reading implements RecordHandler {

        /** Whether the hub knows where this session started. */
        private boolean placed;

        @Override
        public void starting(ConsumerSession session) {
            placed = false;
        }

        @Override
        public void handle(ConsumerRecords<String, byte[]> records, ConsumerSession session) {
            if (!placed) {
                // Where the session started: the first record polled, or, on a partition with none, the position.
                for (int p = 0; p < session.partitionCount(topic); p++) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    var polled = records.records(tp);
                    hub.startsAt(p, polled.isEmpty() ? session.position(tp) : polled.get(0).offset());
                }
                placed = true;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                hub.take(record.partition(), record.offset(), () -> StatusChanges.of(record, codec).orElse(null));
            }
            hub.taken();
        }
    }
}
