package io.queuemgr.kafka;

import java.time.Duration;

import org.apache.kafka.clients.consumer.KafkaConsumer;

/** What every loop that owns a consumer on its own thread does to stop. */
public final class ConsumerLoops {

    private ConsumerLoops() {
    }

    /**
     * Wakes the consumer out of its poll (the loop leaves on the {@code WakeupException} and closes it) and waits up
     * to {@code atMost} for the thread to end. The caller has cleared its running flag first.
     */
    public static void wakeAndJoin(KafkaConsumer<?, ?> consumer, Thread thread, Duration atMost) {
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(atMost.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
