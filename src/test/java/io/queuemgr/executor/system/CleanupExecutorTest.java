package io.queuemgr.executor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.TaskFailure;
import io.queuemgr.testing.FakeContext;

/** system.cleanup on real files whose modification times are set days back. */
class CleanupExecutorTest {

    @TempDir
    Path dir;

    private final CleanupExecutor executor = new CleanupExecutor(new PathGuard(List.of(System.getProperty(
            "java.io.tmpdir"))));

    private Path file(String name, int daysOld) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x".repeat(10));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(daysOld))));
        return file;
    }

    private JsonNode clean(CleanupParams params) {
        return ((TaskOutcome.Succeeded) FakeContext.forType("system.cleanup").run(executor, params)).result();
    }

    @Test
    void aDryRunIsTheDefaultAndOnlyReportsWhatWouldGo() throws IOException {
        Path old = file("old.log", 10);
        file("new.log", 1);
        JsonNode report = clean(new CleanupParams(List.of(dir.toString()), "P7D", null, null, null, null));
        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("matched").asLong()).isEqualTo(1);
        assertThat(report.get("bytes").asLong()).isEqualTo(10);
        assertThat(report.get("deleted").asLong()).isZero();
        assertThat(report.get("paths").get(0).asText()).isEqualTo(old.toRealPath().toString());
        assertThat(old).exists();
    }

    @Test
    void deletesOnlyOldFilesMatchingTheGlobAndKeepsEveryFolder() throws IOException {
        Path oldLog = file("a/deep/old.log", 10);
        Path oldTxt = file("a/old.txt", 10);
        Path newLog = file("a/new.log", 1);
        JsonNode report = clean(new CleanupParams(List.of(dir.resolve("a").toString()), null, 7, "*.log", true,
                false));
        assertThat(report.get("deleted").asLong()).isEqualTo(1);
        assertThat(oldLog).doesNotExist();
        assertThat(oldTxt).exists();
        assertThat(newLog).exists();
        assertThat(dir.resolve("a/deep")).isDirectory();
        assertThat(dir.resolve("a")).isDirectory();
    }

    @Test
    void withoutRecursiveOnlyTheFolderItselfIsLookedIn() throws IOException {
        Path top = file("top.log", 10);
        Path deep = file("sub/deep.log", 10);
        clean(new CleanupParams(List.of(dir.toString()), "P1D", null, null, null, false));
        assertThat(top).doesNotExist();
        assertThat(deep).exists();
    }

    @Test
    void linksAreNeverFollowedOutOfTheFolder() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path precious = file("outside/precious.log", 30);
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("linked-dir"), outside);
        Files.createSymbolicLink(root.resolve("linked-file.log"), precious);
        JsonNode report = clean(new CleanupParams(List.of(root.toString()), "P1D", null, null, true, false));
        assertThat(report.get("matched").asLong()).isZero();
        assertThat(precious).exists();
        assertThat(root.resolve("linked-file.log")).isSymbolicLink();
    }

    @Test
    void thePathListIsCappedWhileCountsAndBytesStayWhole() throws IOException {
        for (int i = 0; i < CleanupReport.MAX_PATHS + 5; i++) {
            file("many/f" + i, 3);
        }
        JsonNode report = clean(new CleanupParams(List.of(dir.resolve("many").toString()), "PT1H", null, null, null,
                false));
        assertThat(report.get("matched").asLong()).isEqualTo(CleanupReport.MAX_PATHS + 5);
        assertThat(report.get("bytes").asLong()).isEqualTo(10L * (CleanupReport.MAX_PATHS + 5));
        assertThat(report.get("paths")).hasSize(CleanupReport.MAX_PATHS);
        assertThat(report.get("pathsTruncated").asBoolean()).isTrue();
        try (var left = Files.list(dir.resolve("many"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aMissingFolderFailsWithPathNotFound() {
        assertThatThrownBy(() -> FakeContext.forType("system.cleanup").run(executor, new CleanupParams(
                List.of(dir.resolve("gone").toString()), "P1D", null, null, null, null)))
                .isInstanceOfSatisfying(TaskFailure.class,
                        f -> assertThat(f.error().code()).isEqualTo("SYSTEM_PATH_NOT_FOUND"));
    }

    @Test
    void aFileThatCannotBeDeletedFailsAsIncompleteWithTheReport() throws Exception {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Path kept = file("locked/old.log", 10);
        Path gone = file("old-too.log", 10);
        // Root may delete from a read-only folder; an immutable file (chattr +i) it may not.
        boolean root = "root".equals(System.getProperty("user.name"));
        lock(kept, locked, root, true);
        try {
            TaskOutcome.Failed failed = (TaskOutcome.Failed) FakeContext.forType("system.cleanup").run(executor,
                    new CleanupParams(List.of(dir.toString()), "P1D", null, null, true, false));
            assertThat(gone).doesNotExist();
            assertThat(kept).exists();
            assertThat(failed.error().code()).isEqualTo("SYSTEM_CLEANUP_INCOMPLETE");
            assertThat(failed.partialResult().get("failed").get(0).get("path").asText()).endsWith("old.log");
        } finally {
            lock(kept, locked, root, false);
        }
    }

    private static void lock(Path file, Path folder, boolean root, boolean on) throws Exception {
        if (!root) {
            assertThat(folder.toFile().setWritable(!on)).isTrue();
            return;
        }
        Process chattr = new ProcessBuilder("chattr", on ? "+i" : "-i", file.toString()).inheritIO().start();
        assertThat(chattr.waitFor()).as("chattr (e2fsprogs) on the test's file system").isZero();
    }
}
