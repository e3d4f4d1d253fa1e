package io.queuemgr.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.kafka.common.TopicPartition;

/**
 * The retries an instance holds until they are due, soonest first (in arrival order among equals). Only the retry
 * scheduler's loop thread adds and takes; a failed hand-over may be reported from any thread and waits again from the
 * next {@link #due()} on.
 */
final class WaitingRetries {

    /** A retry waiting for its time: its place on the retry topic and the snapshot that goes back to work. */
    record Waiting(long dueMillis, long sequence, TopicPartition partition, long offset, UUID taskId, long version,
            String queue, byte[] snapshot) {
        static final Comparator<Waiting> ORDER = Comparator.comparingLong(Waiting::dueMillis)
                .thenComparingLong(Waiting::sequence);
    }

    private final Clock clock;
    private final Duration maxWait;
    private final Duration handOverBackoff;
    private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(Waiting.ORDER);
    /** Retries whose hand-over failed, reported by the producer's callbacks, to wait again on the loop's thread. */
    private final Queue<Waiting> failed = new ConcurrentLinkedQueue<>();
    private long sequence;

    /** {@code maxWait} bounds {@link #untilNextDue()}; a failed hand-over waits {@code handOverBackoff} again. */
    WaitingRetries(Clock clock, Duration maxWait, Duration handOverBackoff) {
        this.clock = clock;
        this.maxWait = maxWait;
        this.handOverBackoff = handOverBackoff;
    }

    void add(long dueMillis, TopicPartition partition, long offset, UUID taskId, long version, String queue,
            byte[] snapshot) {
        waiting.add(new Waiting(dueMillis, sequence++, partition, offset, taskId, version, queue, snapshot));
    }

    /** The retries whose time has come, soonest first; they no longer wait. */
    List<Waiting> due() {
        rejoinFailed();
        long now = clock.millis();
        List<Waiting> out = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.peek().dueMillis() <= now) {
            out.add(waiting.poll());
        }
        return out;
    }

    /** A retry whose hand-over failed waits the hand-over backoff again. */
    void handOverFailed(Waiting w) {
        failed.add(w);
    }

    /** How long the next poll may wait: until the soonest retry is due, and never longer than the maximum wait. */
    Duration untilNextDue() {
        Waiting head = waiting.peek();
        long max = maxWait.toMillis();
        return Duration.ofMillis(head == null ? max : Math.max(0, Math.min(max, head.dueMillis() - clock.millis())));
    }

    /** The retries of partitions this instance no longer reads go; their next owner reads them again. */
    void removePartitions(Collection<TopicPartition> partitions) {
        rejoinFailed();
        waiting.removeIf(w -> partitions.contains(w.partition()));
    }

    void clear() {
        waiting.clear();
        failed.clear();
    }

    int size() {
        return waiting.size();
    }

    private void rejoinFailed() {
        Waiting w;
        while ((w = failed.poll()) != null) {
            add(clock.millis() + handOverBackoff.toMillis(), w.partition(), w.offset(), w.taskId(), w.version(),
                    w.queue(), w.snapshot());
        }
    }
}
