package io.queuemgr.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.SupervisedLoop;

/**
 * Every instance reads every record on the control topic from the moment it starts (no group: a broadcast), and
 * hands it to {@link ControlRecords}: replies to requests made here, requests for the queues it owns, and commands
 * for the tasks that run here (cancel, pause, resume, release).
 */
@Singleton
public class ControlListener {

    private final KafkaClients clients;
    private final Topics topics;
    private final ControlRecords records;
    private final String clientId;
    private final SupervisedLoop loop;
    /** Where each partition is read up to, so that a restarted session neither skips nor repeats a command. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;

    public ControlListener(KafkaClients clients, Topics topics, ControlRecords records, InstanceIdentity identity,
            LoopSupervisor supervisor) {
        this.loop = supervisor.loop("control-listener", this::session);
        this.clients = clients;
        this.topics = topics;
        this.records = records;
        this.clientId = "queuemgr-control-" + identity.id();
    }

    public void start() {
        loop.start();
    }

    /**
     * One session: reads every partition of the control topic from where the previous session stopped, or from the
     * end on the first (commands given before this instance started concern tasks it does not run).
     */
    private void session(SupervisedLoop loop) {
        KafkaConsumer<String, byte[]> c = clients.readerConsumer(clientId);
        consumer = c;
        try {
            List<TopicPartition> partitions = c.partitionsFor(topics.taskControl()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(partitions);
            c.seekToEnd(partitions);
            positions.forEach(c::seek);
            partitions.forEach(tp -> positions.put(tp, c.position(tp)));
            while (loop.active()) {
                var records = c.poll(Duration.ofMillis(200));
                loop.checkpoint();
                for (ConsumerRecord<String, byte[]> r : records) {
                    handle(r);
                    positions.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            if (loop.active()) {
                throw e;
            }
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        records.take(r);
    }

    public void stop() {
        loop.stop(() -> {
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }, Duration.ofSeconds(10));
    }
}
