package io.queuemgr.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightOffsetsTest {

    private final TopicPartition p0 = new TopicPartition("tasks", 0);
    private final InFlightOffsets offsets = new InFlightOffsets();

    @Test
    void commitStopsAtTheOldestUnfinishedTask() {
        for (long o = 10; o < 15; o++) {
            offsets.track(p0, o);
        }
        offsets.done(p0, 11);
        offsets.done(p0, 13);
        assertThat(offsets.committable().get(p0).offset()).isEqualTo(10);
        offsets.done(p0, 10);
        assertThat(offsets.committable().get(p0).offset()).isEqualTo(12);
        offsets.done(p0, 12);
        offsets.done(p0, 14);
        assertThat(offsets.committable().get(p0).offset()).isEqualTo(15);
    }

    @Test
    void nothingNewIsNotCommittedTwice() {
        offsets.track(p0, 0);
        offsets.done(p0, 0);
        assertThat(offsets.committable()).containsKey(p0);
        assertThat(offsets.committable()).isEmpty();
    }

    @Test
    void revokedPartitionsAreForgotten() {
        offsets.track(p0, 0);
        offsets.forget(List.of(p0));
        offsets.done(p0, 0);
        assertThat(offsets.committable()).isEmpty();
        assertThat(offsets.open()).isZero();
    }

    /**
     * The poll thread asks what to commit while task completions (on other threads) close the last open offsets:
     * the question must never throw, and the answer never passes an offset that is still open.
     */
    @Test
    void committableHoldsWhileOtherThreadsFinishTheLastOpenOffset() throws Exception {
        AtomicLong tracked = new AtomicLong(-1);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> finisher = CompletableFuture.runAsync(() -> {
            long next = 0;
            while (!stop.get()) {
                if (next <= tracked.get()) {
                    offsets.done(p0, next++);
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        long deadline = System.nanoTime() + 3_000_000_000L;
        long offset = 0;
        try {
            while (System.nanoTime() < deadline && !finisher.isDone()) {
                offsets.track(p0, offset);
                tracked.set(offset++);
                var ready = offsets.committable().get(p0);
                if (ready != null) {
                    assertThat(ready.offset()).isLessThanOrEqualTo(offset);
                }
            }
        } finally {
            stop.set(true);
        }
        finisher.get();
        assertThat(offset).isGreaterThan(1000);
    }
}
