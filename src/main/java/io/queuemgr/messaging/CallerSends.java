package io.queuemgr.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * or for buffer space, it fails at once, on the calling thread, and the record is not appended (a {@link
 * TimeoutException} handed to the callback inside {@code send}). Such a record was not sent, so it is tried again a
 * moment later from {@link #retryOn}, with a growing pause; the failed attempt has asked the producer to fetch the
 * metadata meanwhile. The records are appended in order, each only once the one before it was: a submission hands its
 * work record over before its snapshot, so that a broker that vanishes between the two leaves a task that runs without
 * its first snapshot rather than the snapshot of a task that never runs. (Appended records on two partitions may
 * still be delivered or expire apart.)
 * <p>
 * How long it tries: while none of the records was appended, for the caller's {@code wait}, after which the caller is
 * told that nothing was sent ({@link BrokerUnavailableException}). Once one was, that is no longer true, so the rest
 * are tried until the producer's {@code delivery.timeout.ms} (what it gives an appended record) has passed since the
 * first refusal, or until an earlier one fails; a record appended but not acknowledged waits for the broker the same
 * way.
 */
final class CallerSends {

    private static final long FIRST_PAUSE_MS = 2;
    private static final long LONGEST_PAUSE_MS = 200;

    private final Supplier<Producer<String, byte[]>> producer;
    private final Executor retryOn;
    private final LongSupplier clock;
    /** How long the records after an appended one are tried: what the producer gives an appended record. */
    private final Duration restWithin;

    CallerSends(Supplier<Producer<String, byte[]>> producer, Executor retryOn, LongSupplier clock,
            Duration restWithin) {
        this.producer = producer;
        this.retryOn = retryOn;
        this.clock = clock;
        this.restWithin = restWithin;
    }

    /**
     * Sends the records in order. Completes once Kafka holds all of them, on the producer's network thread; fails with
     * {@link BrokerUnavailableException} when none of them could be handed to the producer within {@code wait} of
     * its first refusal (none was sent), or with the producer's error for a record that was sent and failed (a record
     * still waiting to be handed over then is not sent).
     */
    CompletableFuture<Void> send(List<ProducerRecord<String, byte[]>> records, Duration wait) {
        return CompletableFuture.allOf(sendEach(records, wait).toArray(CompletableFuture[]::new));
    }

    /** The same, with each record's own outcome, in the order of {@code records}. */
    List<CompletableFuture<Void>> sendEach(List<ProducerRecord<String, byte[]>> records, Duration wait) {
        Sending sending = new Sending(records, wait);
        sending.next();
        return List.of(sending.acks);
    }

    private final class Sending {
        private final List<ProducerRecord<String, byte[]>> records;
        private final CompletableFuture<Void>[] acks;
        private final Duration wait;
        private int appended;
        /** When the producer first could not take a record at once; 0 until then. */
        private long refusedSince;
        private long pause = FIRST_PAUSE_MS;

        @SuppressWarnings("unchecked")
        Sending(List<ProducerRecord<String, byte[]>> records, Duration wait) {
            this.records = records;
            this.wait = wait;
            this.acks = new CompletableFuture[records.size()];
            for (int i = 0; i < acks.length; i++) {
                acks[i] = new CompletableFuture<>();
            }
        }

        /**
         * Hands the records from the first one not yet appended to the producer, as far as it takes them now. One that
         * failed once handed over (refused outright as too large, the producer closed, or its ack failed) stops the
         * ones after it.
         */
        void next() {
            while (appended < records.size()) {
                for (int i = 0; i < appended; i++) {
                    if (acks[i].isCompletedExceptionally()) {
                        failRest(acks[i].exceptionNow());
                        return;
                    }
                }
                TimeoutException notNow = append(records.get(appended), acks[appended]);
                if (notNow == null) {
                    appended++;
                    continue;
                }
                long now = clock.getAsLong();
                if (refusedSince == 0) {
                    refusedSince = now;
                }
                if (appended == 0 && now - refusedSince >= wait.toNanos()) {
                    failRest(new BrokerUnavailableException(wait, notNow.getMessage()));
                    return;
                }
                if (appended > 0 && now - refusedSince >= restWithin.toNanos()) {
                    failRest(new TimeoutException("Kafka did not take a record within " + restWithin.toMillis()
                            + " ms; one before it was handed over and may have been written (" + notNow.getMessage()
                            + ")"));
                    return;
                }
                retryLater();
                return;
            }
        }

        private void retryLater() {
            long delay = pause;
            pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> {
                try {
                    retryOn.execute(this::next);
                } catch (RejectedExecutionException e) {
                    // The service is stopping: the records not appended are not sent.
                    failRest(e);
                }
            });
        }

        private void failRest(Throwable why) {
            for (int i = appended; i < acks.length; i++) {
                acks[i].completeExceptionally(why);
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
