package io.queuemgr.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Sends the records a caller waits on without ever blocking the calling thread, which may be an event loop. The
 * producer it sends with has {@code max.block.ms=0}: where {@code KafkaProducer.send} would wait for a topic's metadata
 * or for buffer space, it fails at once, on the calling thread, before the record is appended (a {@link
 * TimeoutException} handed to the callback inside {@code send}). Such a record was not sent, so it is tried again a
 * moment later from {@link #retryOn}, with a growing pause, until the wait is over; the failed attempt has asked the
 * producer to fetch the metadata meanwhile. The records go in order, each only once the one before it was appended, so
 * that a later record is never out while an earlier one is not: a submission sends its work record before its
 * snapshot, and a snapshot alone would name a task that never runs.
 */
final class CallerSends {

    private static final long FIRST_PAUSE_MS = 2;
    private static final long LONGEST_PAUSE_MS = 200;

    private final Supplier<Producer<String, byte[]>> producer;
    private final Executor retryOn;
    private final LongSupplier clock;

    CallerSends(Supplier<Producer<String, byte[]>> producer, Executor retryOn, LongSupplier clock) {
        this.producer = producer;
        this.retryOn = retryOn;
        this.clock = clock;
    }

    /**
     * Sends the records in order. Completes once Kafka holds all of them, on the producer's network thread; fails with
     * {@link BrokerUnavailableException} when a record could not be handed to the producer within {@code wait} (it
     * and the ones after it were not sent), or with the producer's error for a record that was sent and failed.
     */
    CompletableFuture<Void> send(List<ProducerRecord<String, byte[]>> records, Duration wait) {
        Sending sending = new Sending(records, clock.getAsLong() + wait.toNanos(), wait);
        sending.next();
        return CompletableFuture.allOf(sending.acks);
    }

    private final class Sending {
        private final List<ProducerRecord<String, byte[]>> records;
        @SuppressWarnings("unchecked")
        private final CompletableFuture<Void>[] acks;
        private final long deadline;
        private final Duration wait;
        private int appended;
        private long pause = FIRST_PAUSE_MS;

        @SuppressWarnings("unchecked")
        Sending(List<ProducerRecord<String, byte[]>> records, long deadline, Duration wait) {
            this.records = records;
            this.deadline = deadline;
            this.wait = wait;
            this.acks = new CompletableFuture[records.size()];
            for (int i = 0; i < acks.length; i++) {
                acks[i] = new CompletableFuture<>();
            }
        }

        /** Hands the records from the first one not yet appended to the producer, as far as it takes them now. */
        void next() {
            while (appended < records.size()) {
                TimeoutException notNow = append(records.get(appended), acks[appended]);
                if (notNow == null) {
                    if (acks[appended].isCompletedExceptionally()) {
                        // Refused outright (too large, producer closed): the records after it are not sent either.
                        Throwable refused = acks[appended].exceptionNow();
                        for (int i = appended + 1; i < acks.length; i++) {
                            acks[i].completeExceptionally(refused);
                        }
                        return;
                    }
                    appended++;
                    continue;
                }
                if (clock.getAsLong() - deadline >= 0) {
                    BrokerUnavailableException gone = new BrokerUnavailableException(wait, notNow.getMessage());
                    for (int i = appended; i < acks.length; i++) {
                        acks[i].completeExceptionally(gone);
                    }
                    return;
                }
                long now = pause;
                pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
                CompletableFuture.delayedExecutor(now, TimeUnit.MILLISECONDS, retryOn).execute(this::next);
                return;
            }
        }

        /** Null once the producer holds the record (its ack completes {@code acked}); else why it could not now. */
        private TimeoutException append(ProducerRecord<String, byte[]> record, CompletableFuture<Void> acked) {
            Attempt attempt = new Attempt(acked);
            try {
                producer.get().send(record, attempt);
            } catch (RuntimeException e) {
                // A closed producer or a record it cannot take at all: the caller learns of it through the future.
                acked.completeExceptionally(e);
            }
            attempt.returned = true;
            return attempt.notNow;
        }
    }

    /**
     * One call of {@code send}: a {@link TimeoutException} given to the callback on the calling thread before
     * {@code send} returned means the record was not appended (the producer would have had to wait). Any other outcome
     * is the record's own: its ack, or the failure of a record that was sent.
     */
    private static final class Attempt implements Callback {
        private final Thread caller = Thread.currentThread();
        private final CompletableFuture<Void> acked;
        private volatile boolean returned;
        private TimeoutException notNow;

        Attempt(CompletableFuture<Void> acked) {
            this.acked = acked;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error instanceof TimeoutException timeout && !returned && Thread.currentThread() == caller) {
                notNow = timeout;
            } else if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(null);
            }
        }
    }
}
