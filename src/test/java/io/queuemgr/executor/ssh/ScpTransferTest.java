package io.queuemgr.executor.ssh;

import static io.queuemgr.executor.ssh.SshTestbed.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.TaskFailure;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.FakeContext;

class ScpTransferTest {

    static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-02-03T04:05:06Z"));

    @TempDir
    static Path dir;
    static SshServer server;
    static SshTestbed bed;
    static ScpTransfers transfers;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws Exception {
        server = SshServer.start(dir);
        bed = SshTestbed.on(server);
        transfers = new ScpTransfers(bed.pool, new PathGuard(List.of("/tmp")), bed.keyRoots);
    }

    @AfterAll
    static void stopServer() throws Exception {
        bed.close();
        server.close();
    }

    static ScpTransferParams transfer(String user, JsonNode password, String local, String remote,
            boolean recursive) {
        return new ScpTransferParams("127.0.0.1", server.port, user, password,
                password == null ? ref("user-key") : null, null, null, null, null, local, remote, recursive, true);
    }

    static ScpTransferParams transfer(Path local, Path remote, boolean recursive) {
        return transfer(server.user, null, local.toString(), remote.toString(), recursive);
    }

    private Path tree() throws IOException {
        Path src = Files.createDirectories(work.resolve("src/sub"));
        Path a = Files.writeString(work.resolve("src/a.txt"), "alpha\n");
        Path b = Files.writeString(src.resolve("b.sh"), "#!/bin/sh\necho beta\n");
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(a, LONG_AGO);
        Files.setLastModifiedTime(b, LONG_AGO);
        return work.resolve("src");
    }

    private static void assertCopiedWithAttributes(Path copy) throws IOException {
        assertThat(Files.readString(copy.resolve("a.txt"))).isEqualTo("alpha\n");
        assertThat(Files.readString(copy.resolve("sub/b.sh"))).isEqualTo("#!/bin/sh\necho beta\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("a.txt"))))
                .isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("sub/b.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(copy.resolve("a.txt"))).isEqualTo(LONG_AGO);
        assertThat(Files.getLastModifiedTime(copy.resolve("sub/b.sh"))).isEqualTo(LONG_AGO);
    }

    private static TaskOutcome run(TaskExecutor<ScpTransferParams> executor, ScpTransferParams p,
            FakeContext context) {
        try {
            return context.run(executor, p);
        } catch (TaskFailure e) {
            return new TaskOutcome.Failed(e.error(), null);
        }
    }

    @Test
    void aRecursiveUploadKeepsModesAndTimesAndReportsFilesAndBytes() throws IOException {
        FakeContext context = bed.context("scp.upload");
        TaskOutcome outcome = run(new ScpUploadExecutor(transfers), transfer(tree(), work.resolve("remote"), true),
                context);
        JsonNode result = ((TaskOutcome.Succeeded) outcome).result();
        assertCopiedWithAttributes(work.resolve("remote"));
        assertThat(result.get("files").asLong()).isEqualTo(2);
        assertThat(result.get("bytes").asLong()).isEqualTo(6 + 20);
        assertThat(result.has("seconds") && result.has("mbPerSecond")).isTrue();
        assertThat(context.statuses()).containsSubsequence(TaskStatus.VALIDATING, TaskStatus.UPLOADING);
        assertThat(context.steps()).contains("a.txt", "b.sh");
    }

    @Test
    void aRecursiveDownloadKeepsModesAndTimes() throws IOException {
        FakeContext context = bed.context("scp.download");
        TaskOutcome outcome = run(new ScpDownloadExecutor(transfers), transfer(work.resolve("copy"), tree(), true),
                context);
        assertThat(outcome).isInstanceOf(TaskOutcome.Succeeded.class);
        assertCopiedWithAttributes(work.resolve("copy"));
        assertThat(context.statuses()).contains(TaskStatus.DOWNLOADING);
        assertThat(context.percents()).contains(100);
    }

    @Test
    void aMissingRemotePathFailsAsRemotePathNotFound() {
        TaskOutcome download = run(new ScpDownloadExecutor(transfers),
                transfer(work.resolve("copy"), work.resolve("nothing-here"), false), bed.context("scp.download"));
        assertThat(codeOf(download)).isEqualTo("SCP_REMOTE_PATH_NOT_FOUND");
    }

    @Test
    void anUploadIntoAMissingRemoteFolderFailsAsRemotePathNotFound() throws IOException {
        Path file = Files.writeString(work.resolve("f.txt"), "x");
        TaskOutcome upload = run(new ScpUploadExecutor(transfers), transfer(file, work.resolve("no/such/f.txt"),
                false), bed.context("scp.upload"));
        assertThat(codeOf(upload)).isEqualTo("SCP_REMOTE_PATH_NOT_FOUND");
    }

    @Test
    void aMissingLocalFileFailsAsLocalPathNotFound() {
        TaskOutcome upload = run(new ScpUploadExecutor(transfers), transfer(work.resolve("absent"),
                work.resolve("x"), false), bed.context("scp.upload"));
        assertThat(codeOf(upload)).isEqualTo("SCP_LOCAL_PATH_NOT_FOUND");
    }

    @Test
    void aFolderTheUserMayNotWriteFailsAsPermissionDenied() throws IOException {
        assumeThat(server.passwordUser()).as("needs a user other than root, which only root can create")
                .isNotNull();
        Path file = Files.writeString(work.resolve("f.txt"), "x");
        Path locked = Files.createDirectories(work.resolve("locked"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        TaskOutcome upload = run(new ScpUploadExecutor(transfers), transfer(server.passwordUser(), ref("password"),
                file.toString(), locked.resolve("f.txt").toString(), false), bed.context("scp.upload"));
        assertThat(codeOf(upload)).isEqualTo("SCP_PERMISSION_DENIED");
    }

    @Test
    void a200MegabyteUploadReportsRisingProgressAndCanBeCancelledMidway() throws IOException {
        Path big = twoHundredMegabytes();
        FakeContext context = bed.context("scp.upload");
        TaskOutcome outcome = run(new ScpUploadExecutor(transfers), transfer(big, work.resolve("big.copy"), false),
                context);
        assertThat(((TaskOutcome.Succeeded) outcome).result().get("bytes").asLong()).isEqualTo(200L * 1024 * 1024);
        assertThat(Files.size(work.resolve("big.copy"))).isEqualTo(200L * 1024 * 1024);
        List<Integer> percents = context.percents();
        assertThat(percents).isSorted().contains(100).hasSizeGreaterThan(10);
        assertThat(percents.stream().distinct().count()).isGreaterThan(10);

        FakeContext cancelled = bed.context("scp.upload");
        CompletableFuture<TaskOutcome> second = cancelled.start(new ScpUploadExecutor(transfers),
                transfer(big, work.resolve("big.again"), false));
        await().atMost(Duration.ofSeconds(30)).until(() -> cancelled.percents().stream().anyMatch(p -> p >= 5));
        cancelled.cancel();
        assertThat(FakeContext.await(second, Duration.ofSeconds(10))).isInstanceOf(TaskOutcome.Stopped.class);
        assertThat(cancelled.percents()).doesNotContain(100);
    }

    @Test
    void aCancelledUploadLeavesACommandToTheSameHostRunning() throws IOException {
        Path big = twoHundredMegabytes();
        Path running = work.resolve("running");
        Path release = work.resolve("release");
        SshExecExecutor exec = new SshExecExecutor(bed.pool, bed.keyRoots);
        CompletableFuture<TaskOutcome> command = bed.context("ssh.exec").start(exec, bed.exec("touch " + running
                + "; while [ ! -e " + release + " ]; do sleep 0.05; done; echo released"));
        // The command's connection is open, with room for more commands, before the upload asks for one.
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(running));
        FakeContext upload = bed.context("scp.upload");
        CompletableFuture<TaskOutcome> copy = upload.start(new ScpUploadExecutor(transfers),
                transfer(big, work.resolve("big.copy"), false));
        await().atMost(Duration.ofSeconds(30)).until(() -> upload.percents().stream().anyMatch(p -> p >= 5));
        upload.cancel();
        assertThat(FakeContext.await(copy, Duration.ofSeconds(10))).isInstanceOf(TaskOutcome.Stopped.class);
        // Stopping the upload closed its connection; the command's is another, so it is still there to finish.
        Files.createFile(release);
        TaskOutcome ran = FakeContext.await(command, Duration.ofSeconds(10));
        assertThat(ran).isInstanceOf(TaskOutcome.Succeeded.class);
        assertThat(((TaskOutcome.Succeeded) ran).result().get("stdout").asText()).isEqualTo("released\n");
    }

    /** A sparse file of 200 MB in the test's folder: long enough to copy that a cancel meets it midway. */
    private Path twoHundredMegabytes() throws IOException {
        Path big = work.resolve("big.bin");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(200L * 1024 * 1024);
        }
        return big;
    }

    private static String codeOf(TaskOutcome outcome) {
        return ((TaskOutcome.Failed) outcome).error().code();
    }
}
