package io.queuemgr.executor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.TaskFailure;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.FakeContext;

/** system.backup writes real archives that GNU tar and sha256sum read back. */
class BackupExecutorTest {

    private static final Instant WHEN = Instant.parse("2021-03-04T05:06:07Z");

    @TempDir
    Path dir;

    private final BackupExecutor executor = new BackupExecutor(new PathGuard(List.of(System.getProperty(
            "java.io.tmpdir"))));

    private Path tree() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/sub"));
        Path script = Files.writeString(dir.resolve("src/run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Path secret = Files.writeString(dir.resolve("src/sub/secret.txt"), "private");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("src/sub/" + "é".repeat(60) + ".txt"), "long unicode name");
        Files.createSymbolicLink(dir.resolve("src/link"), Path.of("sub/secret.txt"));
        for (Path p : List.of(script, secret, dir.resolve("src/sub"))) {
            Files.setLastModifiedTime(p, FileTime.from(WHEN));
        }
        return src.getParent();
    }

    private static String run(Path workDir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void archivesATreeThatTarExtractsWithItsContentModesTimesAndLinks() throws Exception {
        Path src = tree();
        Path archive = dir.resolve("backup.tar.gz");
        FakeContext context = FakeContext.forType("system.backup");
        JsonNode result = ((TaskOutcome.Succeeded) context.run(executor,
                new BackupParams(List.of(src.toString()), archive.toString()))).result();

        assertThat(result.get("destination").asText()).isEqualTo(archive.toString());
        assertThat(result.get("files").asLong()).isEqualTo(3);
        assertThat(result.get("bytesIn").asLong()).isEqualTo(18 + 7 + 17);
        assertThat(result.get("bytesOut").asLong()).isEqualTo(Files.size(archive));
        assertThat(run(dir, "sha256sum", archive.toString())).startsWith(result.get("sha256").asText() + " ");
        assertThat(result.get("seconds").asDouble()).isNotNegative();

        String listing = run(dir, "tar", "-tzvf", archive.toString());
        assertThat(listing).contains("-rwxr-x---").contains("src/run.sh").contains("src/link -> sub/secret.txt")
                .contains("-rw-------").contains("src/sub/secret.txt").contains("é".repeat(60));
        Path out = Files.createDirectory(dir.resolve("out"));
        run(out, "tar", "-xzf", archive.toString());
        assertThat(Files.readString(out.resolve("src/run.sh"))).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("src/run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("src/sub/secret.txt"))))
                .isEqualTo("rw-------");
        assertThat(Files.getLastModifiedTime(out.resolve("src/run.sh")).toInstant()).isEqualTo(WHEN);
        assertThat(Files.getLastModifiedTime(out.resolve("src/sub")).toInstant()).isEqualTo(WHEN);
        assertThat(Files.readSymbolicLink(out.resolve("src/link"))).isEqualTo(Path.of("sub/secret.txt"));
        assertThat(run(dir, "diff", "-r", src.toString(), out.resolve("src").toString())).isEmpty();
    }

    @Test
    void walksFirstThenArchivesWithProgressByBytesAndTheCurrentFile() throws Exception {
        Path src = tree();
        FakeContext context = FakeContext.forType("system.backup");
        context.run(executor, new BackupParams(List.of(src.toString()), dir.resolve("b.tgz").toString()));
        assertThat(context.statuses()).containsExactly(TaskStatus.PREPARING, TaskStatus.RUNNING);
        assertThat(context.percents()).isSorted().contains(100);
        assertThat(context.steps()).contains("counting the files to archive", src.resolve("run.sh").toString());
    }

    @Test
    void anArchiveWrittenInsideItsSourceLeavesItselfOut() throws Exception {
        Path src = tree();
        Path archive = src.resolve("self.tar.gz");
        context().run(executor, new BackupParams(List.of(src.toString()), archive.toString()));
        assertThat(run(dir, "tar", "-tzf", archive.toString())).doesNotContain("self.tar.gz").doesNotContain(
                ".partial");
    }

    @Test
    void aMissingSourceFailsWithPathNotFoundAndWritesNothing() throws Exception {
        Path archive = dir.resolve("never.tar.gz");
        assertThatThrownBy(() -> context().run(executor, new BackupParams(List.of(dir.resolve("gone").toString()),
                archive.toString()))).isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(f.error().code()).isEqualTo("SYSTEM_PATH_NOT_FOUND");
                    assertThat(f.error().retryable()).isFalse();
                    assertThat(f.error().context()).containsEntry("path", dir.resolve("gone").toString());
                });
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aMissingDestinationFolderFailsWithPathNotFound() throws Exception {
        Path src = tree();
        assertThatThrownBy(() -> context().run(executor, new BackupParams(List.of(src.toString()),
                dir.resolve("no/such/b.tgz").toString()))).isInstanceOfSatisfying(TaskFailure.class,
                        f -> assertThat(f.error().code()).isEqualTo("SYSTEM_PATH_NOT_FOUND"));
    }

    @Test
    void aCancelMidBackupStopsTheWriteAndRemovesThePartialArchive() throws Exception {
        Path big = Files.createDirectory(dir.resolve("big"));
        try (RandomAccessFile file = new RandomAccessFile(big.resolve("zeros.bin").toFile(), "rw")) {
            // Sparse: costs no disk, but takes seconds to read and compress.
            file.setLength(8L * 1024 * 1024 * 1024);
        }
        Path archive = dir.resolve("big.tar.gz");
        FakeContext context = context();
        var outcome = context.start(executor, new BackupParams(List.of(big.toString()), archive.toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> context.percents().stream().anyMatch(p -> p >= 1));
        context.cancel();
        TaskOutcome stopped = FakeContext.await(outcome, Duration.ofSeconds(10));
        assertThat(stopped).isInstanceOf(TaskOutcome.Stopped.class);
        assertThat(((TaskOutcome.Stopped) stopped).partialResult().get("bytesIn").asLong()).isBetween(1L,
                8L * 1024 * 1024 * 1024 - 1);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactly(big);
        }
    }

    @Test
    void aFullDiskIsToldAsDiskSpaceAndOtherWriteFailuresAsBackupFailed() {
        Path at = dir.resolve("b.tgz");
        assertThat(BackupFailures.classify(new IOException("No space left on device"), at).error().code())
                .isEqualTo("SYSTEM_DISK_SPACE");
        assertThat(BackupFailures.classify(new java.nio.file.AccessDeniedException("/x"), at).error().code())
                .isEqualTo("SYSTEM_BACKUP_FAILED");
        assertThat(BackupFailures.classify(new IOException("Input/output error"), at).error().context())
                .containsEntry("path", at.toString());
    }

    @Test
    void aSourceOutsideTheAllowedRootsIsRefusedWhenTheTaskRuns() {
        assertThatThrownBy(() -> context().run(executor, new BackupParams(List.of("/etc"), dir.resolve("e.tgz")
                .toString()))).isInstanceOfSatisfying(TaskFailure.class,
                        f -> assertThat(f.error().code()).isEqualTo("PATH_NOT_ALLOWED"));
        assertThat(Files.exists(dir.resolve("e.tgz"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    private static FakeContext context() {
        return FakeContext.forType("system.backup");
    }
}
