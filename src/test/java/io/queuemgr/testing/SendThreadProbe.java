package io.queuemgr.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import io.vertx.core.Context;

/**
 * A Kafka interceptor the test profile puts on the service's clients: it counts the sends its producer is asked to
 * make, those asked for on a Vert.x event loop (where a full buffer would block every request of that loop) and those
 * asked for on a producer's network thread. It is also a consumer interceptor, because the service hands the same
 * client settings to its consumers; as one it does nothing.
 */
public class SendThreadProbe implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {

    private static final AtomicInteger SENDS = new AtomicInteger();
    private static final AtomicInteger ON_EVENT_LOOP = new AtomicInteger();
    private static final AtomicInteger CALLERS_ON_EVENT_LOOP = new AtomicInteger();
    private static final AtomicInteger ON_PRODUCER_THREAD = new AtomicInteger();
    /** Whether this probe's producer is the callers' one, whose sends never block. */
    private boolean callers;

    public static int sends() {
        return SENDS.get();
    }

    /** Sends on an event loop through a producer whose send can block. */
    public static int sendsOnEventLoop() {
        return ON_EVENT_LOOP.get();
    }

    /** Sends on an event loop through the callers' producer, which never blocks. */
    public static int callerSendsOnEventLoop() {
        return CALLERS_ON_EVENT_LOOP.get();
    }

    /**
     * Sends made on a producer's own network thread, where a send that waits for metadata or buffer space stalls that
     * producer (a continuation of an earlier send's future runs there).
     */
    public static int sendsOnProducerThread() {
        return ON_PRODUCER_THREAD.get();
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        SENDS.incrementAndGet();
        if (Context.isOnEventLoopThread()) {
            (callers ? CALLERS_ON_EVENT_LOOP : ON_EVENT_LOOP).incrementAndGet();
        }
        if (Thread.currentThread().getName().startsWith("kafka-producer-network-thread")) {
            ON_PRODUCER_THREAD.incrementAndGet();
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
        callers = "queuemgr-producer-callers".equals(configs.get("client.id"));
    }
}
