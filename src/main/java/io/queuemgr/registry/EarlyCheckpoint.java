package io.queuemgr.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry checkpoint read while the framework boots, before any bean exists: its tasks go into a store of their
 * own, which the registry takes over at start once {@link RegistryCheckpoint} has checked the header against the
 * layout and the topics (the parts are read then, from the same open file). A read that nobody takes, or takes for
 * another file, is let go of. Reading it then is the same as reading it at start: the file is one whole checkpoint,
 * whenever it is opened.
 */
public final class EarlyCheckpoint {

    private static final AtomicReference<EarlyCheckpoint> STARTED = new AtomicReference<>();

    private final Path file;
    /** A peer to take a checkpoint from first, when the data directory has none. */
    private final Optional<PeerCheckpoint.Seed> seed;
    private final CompletableFuture<Read> read = new CompletableFuture<>();
    /** Made before the read, so that even a read that runs out of memory ends with an answer. */
    private final Read unfinished;
    /** Set when the read is not wanted (another file): it stops at its next batch. */
    private volatile boolean cancelled;

    /**
     * What the read gave: the file open after its header, with its tasks in a store and the file open at its parts;
     * or open at its tasks, unread, as a checkpoint of another layout is not used; or what the read failed with.
     */
    static final class Read implements AutoCloseable {
        private final Optional<CheckpointFile> file;
        private final TaskStore tasks;
        private final Throwable failed;
        private final long ms;

        private Read(Optional<CheckpointFile> file, TaskStore tasks, Throwable failed, long ms) {
            this.file = file;
            this.tasks = tasks;
            this.failed = failed;
            this.ms = ms;
        }

        /**
         * As {@link CheckpointFile#open} answers: the file open after its header, empty when it is damaged; throws what
         * the read threw (no file, out of memory, ...).
         */
        Optional<CheckpointFile> opened() throws IOException {
            if (failed instanceof IOException e) {
                throw e;
            }
            if (failed instanceof RuntimeException e) {
                throw e;
            }
            if (failed instanceof Error e) {
                throw e;
            }
            if (failed != null) {
                throw new IOException(failed);
            }
            return file;
        }

        /** The tasks read into a store, the file then open at its parts; empty: the file is open at its tasks. */
        Optional<TaskStore> tasks() {
            return Optional.ofNullable(tasks);
        }

        /** How long the read took. */
        long ms() {
            return ms;
        }

        @Override
        public void close() {
            file.ifPresent(EarlyCheckpoint::closeQuietly);
        }
    }

    private EarlyCheckpoint(Path file, Optional<PeerCheckpoint.Seed> seed) {
        this.file = file.toAbsolutePath().normalize();
        this.seed = seed;
        this.unfinished = new Read(Optional.empty(), null, new IOException("the early read ended without an answer"),
                0);
    }

    /**
     * Starts reading the checkpoint in the data directory on a thread of its own; at most one read waits to be taken
     * at a time, so answers false when one already does.
     */
    public static boolean beginIn(Path dataDir) {
        return beginIn(dataDir, Optional.empty());
    }

    /** As {@link #beginIn(Path)}, taking a peer's checkpoint first when the data directory has none. */
    public static boolean beginIn(Path dataDir, Optional<PeerCheckpoint.Seed> seed) {
        return begin(dataDir.resolve(RegistryCheckpoint.FILE), seed);
    }

    static boolean begin(Path file) {
        return begin(file, Optional.empty());
    }

    private static boolean begin(Path file, Optional<PeerCheckpoint.Seed> seed) {
        EarlyCheckpoint early = new EarlyCheckpoint(file, seed);
        if (!STARTED.compareAndSet(null, early)) {
            return false;
        }
        Thread thread = new Thread(early::readNow, "queuemgr-checkpoint-early");
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    private static boolean usable(CheckpointFile.Header h) {
        return h.layout().equals(CheckpointFile.layout())
                && (h.unread() == 0 || h.build().endsWith("+" + CheckpointSource.builtAt()));
    }

    private void readNow() {
        long begin = System.nanoTime();
        CheckpointFile opened = null;
        try {
            seed.ifPresent(s -> PeerCheckpoint.fetchIfMissing(file, s));
            Optional<CheckpointFile> f = CheckpointFile.open(file);
            opened = f.orElse(null);
            TaskStore store = null;
            // A checkpoint of another layout is not used, nor one of another build that skipped unreadable records:
            // its tasks are left for nobody to read. (One packed differently is refused only at start, where the
            // packer is known: a release that changes the snapshot's fields reads its tasks here for nothing.)
            if (opened != null && usable(opened.header())) {
                TaskStore filled = new TaskStore();
                filled.holdFiling();
                // One thread: the boot has the other core.
                opened.readTasksHere(batch -> {
                    if (cancelled) {
                        throw new CancellationException("the checkpoint read early is not wanted");
                    }
                    batch.forEach(filled::restore);
                });
                // Filed for listings here too, in one pass, rather than on the boot's thread after the adoption:
                // the registry that adopts it then files each record of the topics' tail as it comes.
                filled.fileAll();
                store = filled;
            }
            read.complete(new Read(f, store, null, (System.nanoTime() - begin) / 1_000_000));
        } catch (Throwable e) {
            closeQuietly(opened);
            read.complete(new Read(Optional.empty(), null, e, (System.nanoTime() - begin) / 1_000_000));
        } finally {
            read.complete(unfinished);
        }
    }

    /**
     * At start: the read begun for {@code file}, once it is over, or empty when none was begun for it (then one begun
     * for another file is let go of).
     */
    static Optional<Read> take(Path file) throws InterruptedException {
        EarlyCheckpoint early = STARTED.getAndSet(null);
        if (early == null) {
            return Optional.empty();
        }
        if (file == null || !early.file.equals(file.toAbsolutePath().normalize())) {
            early.letGo();
            return Optional.empty();
        }
        try {
            return Optional.of(early.read.get());
        } catch (InterruptedException e) {
            early.letGo();
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("completed only normally", e);
        }
    }

    /** Stops the read at its next batch and closes the file once it is over. */
    private void letGo() {
        cancelled = true;
        read.thenAccept(Read::close);
    }

    /** Waits until the read begun, if any, is over, without taking it. */
    static void awaitRead() throws InterruptedException {
        EarlyCheckpoint early = STARTED.get();
        if (early != null) {
            try {
                early.read.get();
            } catch (ExecutionException e) {
                // take() throws it.
            }
        }
    }

    private static void closeQuietly(CheckpointFile f) {
        if (f != null) {
            try {
                f.close();
            } catch (IOException e) {
                // Only read from.
            }
        }
    }
}
