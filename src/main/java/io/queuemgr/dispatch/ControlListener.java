package io.queuemgr.dispatch;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.kafka.ConsumerLoops;
import io.queuemgr.kafka.KafkaClients;
import io.queuemgr.kafka.Topics;
import io.queuemgr.task.ControlCommand;

/**
 * Every instance reads every command on the control topic from the moment it starts (no group: a broadcast), and
 * hands it to its runner, which acts on the tasks it runs (cancel, pause, resume, release).
 */
@Singleton
public class ControlListener {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);

    private final KafkaClients clients;
    private final Topics topics;
    private final TaskRunner runner;
    private final ObjectMapper mapper;
    private final String clientId;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public ControlListener(KafkaClients clients, Topics topics, TaskRunner runner, ObjectMapper mapper,
            InstanceIdentity identity) {
        this.clients = clients;
        this.topics = topics;
        this.runner = runner;
        this.mapper = mapper;
        this.clientId = "queuemgr-control-" + identity.id();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        consumer = clients.readerConsumer(clientId);
        List<TopicPartition> partitions = consumer.partitionsFor(topics.taskControl()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        // Commands given before this instance started concern tasks it does not run.
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = Thread.ofPlatform().name("queuemgr-control").start(this::loop);
    }

    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    private void loop() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handle(r);
                }
            }
        } catch (WakeupException e) {
            // stop() woke us to leave
        } catch (RuntimeException e) {
            LOG.error("The control listener stopped on an error; cancels and pauses do not reach this instance", e);
            running = false;
        } finally {
            consumer.close();
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
            // In order, on this thread: a pause or resume runs a short kill, and a resume must follow its pause.
            switch (command.action()) {
                case ControlCommand.CANCEL -> runner.cancel(command.taskId(), command.version());
                case ControlCommand.PAUSE -> runner.pause(command.taskId(), command.version());
                case ControlCommand.RESUME -> runner.resume(command.taskId());
                case ControlCommand.RELEASE -> runner.release(command.taskId());
                default -> LOG.warnf("Ignored a control command with the unknown action '%s'", command.action());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "The %s of task %s failed", command.action(), command.taskId());
        }
    }

    public void stop() {
        running = false;
        ConsumerLoops.wakeAndJoin(consumer, thread, Duration.ofSeconds(10));
    }
}
