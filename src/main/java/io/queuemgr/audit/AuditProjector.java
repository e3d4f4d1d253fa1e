package io.queuemgr.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.messaging.ConsumerLoop;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.Projection;
import io.queuemgr.messaging.RecordSource;
import io.queuemgr.messaging.Topics;

/**
 * Follows the audit topic in its own consumer group and inserts the events into {@code audit_log}, a poll's worth
 * per round trip. Offsets are committed only after the insert; a failing database makes the trail lag, it never
 * loses an event (as long as the lag stays within the topic's retention).
 */
@Singleton
public class AuditProjector {

    private static final Logger LOG = Logger.getLogger(AuditProjector.class);

    private final AuditCodec codec;
    private final AuditLogWriter writer;
    private final Duration retention;
    private final Clock clock;
    private final ConsumerLoop loop;

    public AuditProjector(ConsumerLoops loops, Topics topics, AuditCodec codec, AuditLogWriter writer,
            AuditConfig config, InstanceIdentity identity, Clock clock) {
        this.codec = codec;
        this.clock = clock;
        this.writer = writer;
        this.retention = config.retention();
        this.loop = loops.projection("audit-projector",
                RecordSource.group(topics.group("audit"), "queuemgr-audit-" + identity.id(), topics.audit()),
                this::writeOf);
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    private Projection.Write writeOf(ConsumerRecords<String, byte[]> records) {
        List<AuditEvent> events = eventsIn(records);
        return new Projection.Write(events.size() + " audit events to PostgreSQL", () -> writer.insert(events));
    }

    private List<AuditEvent> eventsIn(ConsumerRecords<String, byte[]> records) {
        // Events past the table's retention are not brought back by a replay of a topic that keeps them longer.
        Instant oldest = clock.instant().minus(retention);
        // An event dated more than a day ahead comes from a clock gone wrong; kept, its day would stay for years.
        Instant latest = clock.instant().plus(Duration.ofDays(1));
        Map<UUID, AuditEvent> byId = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                AuditEvent event = codec.decode(record.value());
                if (event.at().isAfter(latest)) {
                    LOG.warnf("Skipped an audit event dated %s, more than a day ahead (%s-%d offset %d)", event.at(),
                            record.topic(), record.partition(), record.offset());
                } else if (event.at().isAfter(oldest)) {
                    byId.putIfAbsent(event.id(), event);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Skipped an unreadable audit record at %s-%d offset %d: %s", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
            }
        }
        return List.copyOf(byId.values());
    }
}
