package io.queuemgr.messaging;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Whether a producer's send can be made without blocking: {@code KafkaProducer.send} blocks only while a topic's
 * metadata is missing or its buffer is full. A topic one of its records was acked on a moment ago is in the producer's
 * metadata, and a buffer at least half free takes the few records of one call even if every event loop sends at once.
 * The moment is short, since a broker that goes away sends no acks and the producer may lose the topic's metadata
 * (BrokerRestartIT saw an event loop blocked in a send for over a minute, with "a minute" here); a send that fails
 * also takes its topic out until the next ack. It narrows the window, not closes it: the metadata can go the moment
 * the connection drops (docs/architecture.md, "Readiness answers while the broker is away").
 */
final class SendReadiness {

    /** How long after an ack a topic's metadata is counted on: a few of {@link #REFRESH}. */
    private static final long KNOWN_FOR = TimeUnit.SECONDS.toNanos(3);
    /** An ack refreshes a topic's time at most this often, so that acks cost a map write rarely. */
    private static final long REFRESH = TimeUnit.SECONDS.toNanos(1);

    private final Map<String, Long> ackedAt = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final long bufferBytes;
    private volatile DoubleSupplier bufferFree;

    SendReadiness(LongSupplier clock, long bufferBytes) {
        this.clock = clock;
        this.bufferBytes = bufferBytes;
    }

    /** The producer's free buffer bytes, once it exists; until then nothing is ready. */
    void watchBuffer(DoubleSupplier free) {
        this.bufferFree = free;
    }

    /** A record on the topic was acked. */
    void acked(String topic) {
        long now = clock.getAsLong();
        Long at = ackedAt.get(topic);
        if (at == null || now - at > REFRESH) {
            ackedAt.put(topic, now);
        }
    }

    /** A record on the topic failed: the producer may have lost the topic's metadata; not ready until an ack. */
    void failed(String topic) {
        ackedAt.remove(topic);
    }

    /** Whether records on these topics can be sent now without the send blocking. */
    boolean ready(List<String> topics) {
        DoubleSupplier free = bufferFree;
        if (free == null) {
            return false;
        }
        long now = clock.getAsLong();
        for (String topic : topics) {
            Long at = ackedAt.get(topic);
            if (at == null || now - at > KNOWN_FOR) {
                return false;
            }
        }
        return free.getAsDouble() >= bufferBytes / 2.0;
    }
}
