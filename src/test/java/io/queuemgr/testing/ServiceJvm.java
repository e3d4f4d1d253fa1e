package io.queuemgr.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * JVM options for the service processes the integration tests start, which live for a minute at most on a two-core
 * machine shared with the broker, PostgreSQL and the tests. They start from a class-data archive of the same jar and
 * use the quick compiler only: measured on this machine, a start took 10.5 s wall and 14.2 s of CPU without them
 * and 6.2 s and 6.7 s of CPU with them (docs/architecture.md, "Time of the test suite"). The service runs the same code
 * either way; the launchers' own options are tested where the launchers are used (DevRunKeepsDataIT, the packaging
 * tests).
 */
final class ServiceJvm {

    /** One instance at a time writes the archive, at its exit, under a name of its own; then it is moved in place. */
    private static final AtomicBoolean RECORDING = new AtomicBoolean();

    private final Path archive;
    private final Path recording;
    private boolean exited;

    private ServiceJvm(Path archive, Path recording) {
        this.archive = archive;
        this.recording = recording;
    }

    /** The options for an instance of the given jar; {@link #exited()} once that instance is gone. */
    static ServiceJvm forJar(Path jar) throws IOException {
        BasicFileAttributes built = Files.readAttributes(jar, BasicFileAttributes.class);
        // Named after the build: an archive of another build is never picked up.
        Path archive = jar.resolveSibling("../it-cds/service-" + built.lastModifiedTime().toMillis() + "-"
                + built.size() + ".jsa").normalize();
        if (Files.exists(archive) || !RECORDING.compareAndSet(false, true)) {
            return new ServiceJvm(archive, null);
        }
        Files.createDirectories(archive.getParent());
        return new ServiceJvm(archive, archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current()
                .pid() + ".recording"));
    }

    List<String> options() {
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
        if (recording != null) {
            options.add("-XX:ArchiveClassesAtExit=" + recording);
        } else if (Files.exists(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
        }
        return options;
    }

    /** Whether this instance should stop with SIGTERM rather than SIGKILL when closed: only then is its archive written. */
    boolean recording() {
        return recording != null;
    }

    /** Moves a written archive in place; an instance killed before it wrote one lets the next instance try. */
    synchronized void exited() {
        if (recording == null || exited) {
            return;
        }
        exited = true;
        try {
            if (Files.exists(recording) && Files.size(recording) > 0) {
                Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(recording);
        } catch (IOException e) {
            // The next instances start without the archive, as before.
        } finally {
            RECORDING.set(false);
        }
    }
}
