package io.queuemgr.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a start reads its registry checkpoint from: what {@link EarlyCheckpoint} read while the service booted, or
 * the file, opened now. Either way the same checkpoint comes out; the early read only saves the time.
 */
final class CheckpointSource implements AutoCloseable {

    private final Path file;
    private final Optional<EarlyCheckpoint.Read> early;

    private CheckpointSource(Path file, Optional<EarlyCheckpoint.Read> early) {
        this.file = file;
        this.early = early;
    }

    /** The source for {@code file}, taking the early read begun for it, if any (one for another file is let go of). */
    static CheckpointSource of(Path file) throws InterruptedException {
        return new CheckpointSource(file, EarlyCheckpoint.take(file));
    }

    /**
     * When the code was built, as its jar's time says: every build is another build, even with the same version. 0
     * where there is no jar (a native image, whose version alone then tells).
     */
    static long builtAt() {
        try {
            var source = CheckpointSource.class.getProtectionDomain().getCodeSource();
            return source == null ? 0 : Files.getLastModifiedTime(Path.of(source.getLocation().toURI())).toMillis();
        } catch (Exception e) {
            return 0;
        }
    }

    /** As {@link CheckpointFile#open} answers: the file open after its header, empty when damaged. */
    Optional<CheckpointFile> open() throws IOException {
        return early.isPresent() ? early.get().opened() : CheckpointFile.open(file);
    }

    /** Once its header fits: puts the tasks into the registry, those read early by taking them over, and the parts. */
    void readBody(CheckpointFile opened, TaskRegistry registry, List<CheckpointPart> parts) throws IOException {
        Optional<TaskStore> read = early.flatMap(EarlyCheckpoint.Read::tasks);
        if (read.isPresent()) {
            registry.copies().adopt(read.get());
            opened.readParts(parts);
        } else {
            opened.readBody(registry, parts);
        }
    }

    /** Whether the read begun while the service booted was for this file (it took a peer's checkpoint too). */
    boolean readEarly() {
        return early.isPresent();
    }

    /** For the log: how the tasks were read, when they were read early. */
    String how() {
        return early
                .flatMap(r -> r.tasks().map(t -> " (its tasks read in " + r.ms() + " ms while the service started)"))
                .orElse("");
    }

    @Override
    public void close() {
        early.ifPresent(EarlyCheckpoint.Read::close);
    }
}
