package io.queuemgr.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.apache.kafka.common.TopicPartition;

/**
 * What other threads ask of the registry reader, answered on its thread between polls: to be caught up with the end of
 * the status topic as it is when asked, and to hold other partitions ({@link StatusTopicReader#hold}).
 */
final class ReaderRequests {

    private final Queue<CatchUp> catchUps = new ConcurrentLinkedQueue<>();
    /** Catch-ups with their targets, waiting for the reader to reach them; the reader's thread only. */
    private final List<CatchUp> waiting = new ArrayList<>();
    private final Queue<Hold> holds = new ConcurrentLinkedQueue<>();
    /** The partitions last asked to hold, whether or not the reader has got to it; null before. */
    private volatile Set<Integer> lastAsked;

    /** Partitions to hold, asked and answered once the reader has changed what it reads. */
    record Hold(Set<Integer> partitions, CompletableFuture<Void> done) {
    }

    private static final class CatchUp {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        Map<TopicPartition, Long> targets = Map.of();
    }

    void hold(Set<Integer> partitions, Duration timeout) throws TimeoutException {
        Hold request = new Hold(Set.copyOf(partitions), new CompletableFuture<>());
        lastAsked = request.partitions();
        holds.add(request);
        await(request.done, timeout);
    }

    void awaitCaughtUp(Duration timeout) throws TimeoutException {
        CatchUp request = new CatchUp();
        catchUps.add(request);
        await(request.done, timeout);
    }

    Set<Integer> lastAsked() {
        return lastAsked;
    }

    boolean holdAsked() {
        return !holds.isEmpty();
    }

    /** The holds asked since the last call, in their order; the last one counts. */
    List<Hold> takeHolds() {
        List<Hold> asked = new ArrayList<>();
        for (Hold h; (h = holds.poll()) != null;) {
            asked.add(h);
        }
        return asked;
    }

    /**
     * Gives the catch-ups asked since the last call the end offsets of now as targets, and answers those whose targets
     * {@code applied} has reached.
     */
    void settle(Supplier<Map<TopicPartition, Long>> endOffsets, ToLongFunction<TopicPartition> applied) {
        for (CatchUp next; (next = catchUps.poll()) != null;) {
            next.targets = endOffsets.get();
            waiting.add(next);
        }
        waiting.removeIf(c -> {
            boolean reached = c.targets.entrySet().stream()
                    .allMatch(e -> applied.applyAsLong(e.getKey()) >= e.getValue());
            if (reached) {
                c.done.complete(null);
            }
            return reached;
        });
    }

    private static void await(CompletableFuture<Void> done, Duration timeout) throws TimeoutException {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while waiting for the registry");
        } catch (ExecutionException e) {
            throw new IllegalStateException("registry reader failed", e.getCause());
        }
    }
}
