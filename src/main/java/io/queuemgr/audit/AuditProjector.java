package io.queuemgr.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.SupervisedLoop;

/**
 * Follows the audit topic in its own consumer group and inserts the events into {@code audit_log}, a poll's worth
 * per round trip. Offsets are committed only after the insert; a failing database makes the trail lag, it never
 * loses an event (as long as the lag stays within the topic's retention).
 */
@Singleton
public class AuditProjector {

    private static final Logger LOG = Logger.getLogger(AuditProjector.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients clients;
    private final Topics topics;
    private final AuditCodec codec;
    private final AuditLogWriter writer;
    private final Duration retention;
    private final String clientId;
    private final SupervisedLoop loop;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public AuditProjector(KafkaClients clients, Topics topics, AuditCodec codec, AuditLogWriter writer,
            AuditConfig config, InstanceIdentity identity, LoopSupervisor supervisor) {
        this.loop = supervisor.loop("audit-projector", this::session);
        this.clients = clients;
        this.topics = topics;
        this.codec = codec;
        this.writer = writer;
        this.retention = config.retention();
        this.clientId = "queuemgr-audit-" + identity.id();
    }

    public void start() {
        loop.start();
    }

    /** One session: a consumer in the audit group, from the committed offsets on, until stopped or an error. */
    private void session(SupervisedLoop loop) {
        // The trail may lag by a moment: large fetches keep the projector cheap under a flood of submissions.
        consumer = clients.groupConsumer(topics.group("audit"), clientId, Map.of(
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500));
        KafkaConsumer<String, byte[]> c = consumer;
        try {
            c.subscribe(List.of(topics.audit()));
            while (loop.active()) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                loop.checkpoint();
                if (records.isEmpty()) {
                    continue;
                }
                if (!writeUntilDone(eventsIn(records))) {
                    return; // stopped before the write succeeded: these offsets must not be committed
                }
                try {
                    c.commitSync();
                } catch (RebalanceInProgressException | CommitFailedException e) {
                    // Whoever gets these partitions reads the records again; inserting an event twice adds nothing.
                    LOG.debugf("Audit commit skipped during a rebalance: %s", e.getMessage());
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

    private List<AuditEvent> eventsIn(ConsumerRecords<String, byte[]> records) {
        // Events past the table's retention are not brought back by a replay of a topic that keeps them longer.
        Instant oldest = Instant.now().minus(retention);
        Map<UUID, AuditEvent> byId = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                AuditEvent event = codec.decode(record.value());
                if (event.at().isAfter(oldest)) {
                    byId.putIfAbsent(event.id(), event);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Skipped an unreadable audit record at %s-%d offset %d: %s", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
            }
        }
        return List.copyOf(byId.values());
    }

    /** Whether the events are in PostgreSQL; false when the loop was stopped first. */
    private boolean writeUntilDone(List<AuditEvent> events) {
        long backoffMs = 500;
        while (loop.active()) {
            try {
                writer.insert(events).await().atMost(WRITE_TIMEOUT);
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("Writing %d audit events to PostgreSQL failed, trying again in %d ms: %s", events.size(),
                        backoffMs, e.getMessage());
                consumer.pause(consumer.assignment());
                consumer.poll(Duration.ofMillis(backoffMs)); // keeps the group membership alive while waiting
                consumer.resume(consumer.paused());
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
        return false;
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
