package io.queuemgr.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    private boolean ready;
    private boolean released;

    private ServiceJvm(Path archive, Path recording) {
        this.archive = archive;
        this.recording = recording;
    }

    /**
     * The options for an instance of the given jar; {@link #exited} once that instance is gone, or {@link #release}
     * if it never started.
     */
    static ServiceJvm forJar(Path jar) throws IOException {
        // Named after the build and the JDK; the JVM checks the class path itself as well, and runs without an
        // archive that does not fit.
        String name = "service-" + Files.getLastModifiedTime(jar).toMillis() + "-jdk" + Runtime.version().feature()
                + "." + Runtime.version().interim() + "." + Runtime.version().update() + ".jsa";
        Path dir = jar.resolveSibling("../it-cds").normalize();
        Path archive = dir.resolve(name);
        if (Files.exists(archive) || !RECORDING.compareAndSet(false, true)) {
            return new ServiceJvm(archive, null);
        }
        if (Files.exists(archive)) {
            // Moved in place by an instance that ended between the look and the claim.
            RECORDING.set(false);
            return new ServiceJvm(archive, null);
        }
        try {
            Files.createDirectories(dir);
            // Archives of other builds or JDKs, and recordings of test runs that were killed, are of no more use.
            try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "service-*")) {
                for (Path file : old) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            RECORDING.set(false);
            throw e;
        }
        return new ServiceJvm(archive, dir.resolve(name + "." + ProcessHandle.current().pid() + ".recording"));
    }

    /** The options for an instance of a jar started once (a copy): no archive to map or record. */
    static ServiceJvm withoutArchive() {
        return new ServiceJvm(Path.of("no archive"), null);
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

    /** The instance answered ready: an archive it writes at its end holds what a whole start loads. */
    synchronized void ready() {
        ready = true;
    }

    /**
     * The instance is gone. Its archive is moved in place only when it had been ready and ended on its own after a
     * SIGTERM (exit 0 or 143): one killed while writing it would leave a file cut short. Otherwise the next instance
     * records one.
     */
    synchronized void exited(boolean forced, int exitCode) {
        if (recording == null || released) {
            return;
        }
        try {
            if (ready && !forced && (exitCode == 0 || exitCode == 143) && Files.exists(recording)) {
                Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(recording);
        } catch (IOException e) {
            // The next instances start without the archive, as before.
        } finally {
            release();
        }
    }

    /** Gives the recording up (the instance never started, or no longer runs): the next instance may record. */
    synchronized void release() {
        if (recording != null && !released) {
            released = true;
            RECORDING.set(false);
        }
    }
}
