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
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.SupervisedLoop;
import io.queuemgr.task.ControlCommand;

/**
 * Every instance reads every command on the control topic from the moment it starts (no group: a broadcast), and
 * hands it to {@link RunningTasks}, which acts on the tasks that run here (cancel, pause, resume, release).
 */
@Singleton
public class ControlListener {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);

    private final KafkaClients clients;
    private final Topics topics;
    private final RunningTasks running;
    private final ObjectMapper mapper;
    private final String clientId;
    private final SupervisedLoop loop;
    /** Where each partition is read up to, so that a restarted session neither skips nor repeats a command. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;

    public ControlListener(KafkaClients clients, Topics topics, RunningTasks running, ObjectMapper mapper,
            InstanceIdentity identity, LoopSupervisor supervisor) {
        this.loop = supervisor.loop("control-listener", this::session);
        this.clients = clients;
        this.topics = topics;
        this.running = running;
        this.mapper = mapper;
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
        ControlCommand command;
        try {
            command = mapper.readValue(r.value(), ControlCommand.class);
        } catch (Exception e) {
            LOG.warnf("Skipped an unreadable control record at offset %d: %s", r.offset(), e.getMessage());
            return;
        }
        try {
            running.apply(command);
        } catch (RuntimeException e) {
            LOG.errorf(e, "The command %s failed", command);
        }
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
