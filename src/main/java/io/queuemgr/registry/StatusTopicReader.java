package io.queuemgr.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.TaskLogBatch;
import io.queuemgr.messaging.Topics;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.SupervisedLoop;

/**
 * Materialises the compacted status topic (and the log topic) into this instance's registry: reads every partition
 * from the beginning on start, then follows. Other parts ask it to be caught up before they act on what it holds.
 */
@ApplicationScoped
public class StatusTopicReader {

    private static final Logger LOG = Logger.getLogger(StatusTopicReader.class);

    private final KafkaClients clients;
    private final Topics topics;
    private final TaskRegistry registry;
    private final TaskLogStore logs;
    private final ObjectMapper mapper;
    private final Queue<CatchUp> requests = new ConcurrentLinkedQueue<>();
    private final List<CatchUp> waiting = new ArrayList<>();
    private final SupervisedLoop loop;
    /** Where each partition is read up to, so that a restarted session goes on from there. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;

    public StatusTopicReader(KafkaClients clients, Topics topics, TaskRegistry registry, TaskLogStore logs,
            ObjectMapper mapper, LoopSupervisor supervisor) {
        this.loop = supervisor.loop("registry-reader", this::session);
        this.clients = clients;
        this.topics = topics;
        this.registry = registry;
        this.logs = logs;
        this.mapper = mapper;
    }

    public void start() {
        loop.start();
    }

    /** Returns once everything on the status topic at the time of the call has been read into the registry. */
    public void awaitCaughtUp(Duration timeout) throws TimeoutException {
        CatchUp request = new CatchUp(new CompletableFuture<>());
        requests.add(request);
        try {
            request.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while waiting for the registry");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("registry reader failed", e.getCause());
        }
    }

    /**
     * One session: reads the status and log topics from where the previous session stopped, or from the beginning on
     * the first, into the registry.
     */
    private void session(SupervisedLoop loop) {
        KafkaConsumer<String, byte[]> c = clients.readerConsumer("queuemgr-registry");
        consumer = c;
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.taskStatus(), topics.taskLogs())) {
                c.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            positions.forEach(c::seek);
            while (loop.active()) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(100));
                loop.checkpoint();
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(record);
                }
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> read = records.records(tp);
                    positions.put(tp, read.get(read.size() - 1).offset() + 1);
                }
                settleCatchUps(c);
            }
        } catch (WakeupException e) {
            if (loop.active()) {
                throw e;
            }
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(topics.taskStatus())) {
                if (record.value() == null) {
                    registry.remove(UUID.fromString(record.key()));
                    logs.remove(UUID.fromString(record.key()));
                } else {
                    registry.applyRecord(UUID.fromString(record.key()), SnapshotHeaders.version(record.headers()),
                            SnapshotHeaders.status(record.headers()), record.value());
                }
            } else if (record.value() != null) {
                TaskLogBatch batch = mapper.readValue(record.value(), TaskLogBatch.class);
                logs.append(batch.taskId(), batch.lines());
            }
        } catch (Exception e) {
            // One unreadable record must not stop the registry; it is skipped and said once.
            LOG.warnf("Skipped an unreadable record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    private void settleCatchUps(KafkaConsumer<String, byte[]> consumer) {
        CatchUp next;
        while ((next = requests.poll()) != null) {
            Map<TopicPartition, Long> targets = new HashMap<>();
            consumer.endOffsets(consumer.assignment()).forEach((tp, end) -> {
                if (tp.topic().equals(topics.taskStatus())) {
                    targets.put(tp, end);
                }
            });
            next.targets = targets;
            waiting.add(next);
        }
        waiting.removeIf(c -> {
            boolean reached = c.targets.entrySet().stream()
                    .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            if (reached) {
                c.done.complete(null);
            }
            return reached;
        });
    }

    public void stop() {
        loop.stop(() -> {
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }, Duration.ofSeconds(5));
    }

    private static final class CatchUp {
        final CompletableFuture<Void> done;
        Map<TopicPartition, Long> targets = Map.of();

        CatchUp(CompletableFuture<Void> done) {
            this.done = done;
        }
    }
}
