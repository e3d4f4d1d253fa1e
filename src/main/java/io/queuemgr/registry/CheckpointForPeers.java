package io.queuemgr.registry;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The checkpoint a running instance hands to a peer that starts without one: the file of the last period, or one its
 * registry reader writes for the peer between two polls, where the parts stand at the positions. Several peers asking
 * at once share one write; asking in a loop costs at most one write per period.
 */
final class CheckpointForPeers {

    /** How old a checkpoint handed to a peer may be when this instance writes one only at its stops. */
    static final Duration FRESH_WHEN_ONLY_AT_STOPS = Duration.ofMinutes(10);

    /** Null when this instance keeps no checkpoint. */
    private final Path file;
    private final long periodMs;
    private final AtomicReference<CompletableFuture<Path>> wanted = new AtomicReference<>();
    /** When this instance last wrote its checkpoint whole; -1: not since it started. */
    private volatile long writtenMs = -1;

    CheckpointForPeers(Path file, Duration every) {
        this.file = file;
        this.periodMs = every.toMillis() > 0 ? every.toMillis() : FRESH_WHEN_ONLY_AT_STOPS.toMillis();
    }

    /**
     * The file, at once when it was written within the period, else once the reader has written one. Fails at once
     * when this instance keeps no checkpoint ({@link NoSuchFileException}) or is still reading its registry.
     */
    CompletableFuture<Path> ask(long nowMs, boolean running) {
        if (file == null) {
            return CompletableFuture.failedFuture(new NoSuchFileException(RegistryCheckpoint.FILE, null,
                    "this instance keeps no registry checkpoint (queuemgr.registry.checkpoint=false)"));
        }
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("this instance is still reading its "
                    + "registry"));
        }
        long written = writtenMs;
        if (written >= 0 && nowMs - written < periodMs && Files.exists(file)) {
            return CompletableFuture.completedFuture(file);
        }
        return wanted.updateAndGet(w -> w != null ? w : new CompletableFuture<>()).copy();
    }

    /** On the reader's thread: whether a peer waits for a write now (it is answered by {@link #answer}). */
    boolean asked() {
        return wanted.get() != null;
    }

    /** A checkpoint was written whole at {@code ms}, or failed: peers waiting for one are answered. */
    void answer(boolean whole, long ms) {
        if (whole) {
            writtenMs = ms;
        }
        CompletableFuture<Path> waiting = wanted.getAndSet(null);
        if (waiting != null) {
            if (whole) {
                waiting.complete(file);
            } else {
                waiting.completeExceptionally(new IllegalStateException("the checkpoint could not be written"));
            }
        }
    }
}
