package io.queuemgr.executor.ssh;

import static io.queuemgr.executor.ssh.SshTestbed.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.FakeContext;

class ScpSyncTest {

    static final FileTime THEN = FileTime.from(Instant.parse("2021-06-07T08:09:10Z"));

    @TempDir
    static Path dir;
    static SshServer server;
    static SshTestbed bed;
    static ScpSyncExecutor executor;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() throws Exception {
        server = SshServer.start(dir);
        bed = SshTestbed.on(server);
        executor = new ScpSyncExecutor(bed.pool, new PathGuard(List.of("/tmp")), bed.keyRoots);
    }

    @AfterAll
    static void stopServer() throws Exception {
        bed.close();
        server.close();
    }

    private static ScpSyncParams sync(Path local, Path remote, String direction, boolean deleteExtra) {
        return new ScpSyncParams("127.0.0.1", server.port, server.user, null, ref("user-key"), null, null, null, null,
                local.toString(), remote.toString(), direction, deleteExtra);
    }

    private static Path file(Path path, String text, FileTime time) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
        Files.setLastModifiedTime(path, time);
        return path;
    }

    /** Source: same.txt (as on the other side), sub/changed.txt (differs), sub/deep/new.txt (missing there). */
    private void sides(Path source, Path destination) throws IOException {
        file(source.resolve("same.txt"), "same\n", THEN);
        file(source.resolve("sub/changed.txt"), "new text\n", THEN);
        file(source.resolve("sub/deep/new.txt"), "brand new\n", THEN);
        file(destination.resolve("same.txt"), "same\n", THEN);
        file(destination.resolve("sub/changed.txt"), "older text\n", THEN);
        file(destination.resolve("stale.txt"), "stale\n", THEN);
    }

    private static void assertMirrored(Path destination) throws IOException {
        assertThat(Files.readString(destination.resolve("sub/changed.txt"))).isEqualTo("new text\n");
        assertThat(Files.readString(destination.resolve("sub/deep/new.txt"))).isEqualTo("brand new\n");
        assertThat(Files.getLastModifiedTime(destination.resolve("sub/deep/new.txt"))).isEqualTo(THEN);
        assertThat(destination.resolve("stale.txt")).doesNotExist();
    }

    private static JsonNode succeeded(TaskOutcome outcome) {
        assertThat(outcome).isInstanceOf(TaskOutcome.Succeeded.class);
        return ((TaskOutcome.Succeeded) outcome).result();
    }

    @Test
    void aPushCopiesOnlyWhatDiffersDeletesExtrasAndASecondPushCopiesNothing() throws IOException {
        Path local = work.resolve("local");
        Path remote = work.resolve("remote");
        sides(local, remote);
        FakeContext context = bed.context("scp.sync");
        JsonNode result = succeeded(context.run(executor, sync(local, remote, "push", true)));
        assertMirrored(remote);
        assertThat(result.get("copied").asInt()).isEqualTo(2);
        assertThat(result.get("skipped").asInt()).isEqualTo(1);
        assertThat(result.get("deleted").asInt()).isEqualTo(1);
        assertThat(result.get("bytes").asLong()).isEqualTo(9 + 10);
        assertThat(context.statuses()).containsSubsequence(TaskStatus.VALIDATING, TaskStatus.PREPARING,
                TaskStatus.UPLOADING);

        JsonNode again = succeeded(bed.context("scp.sync").run(executor, sync(local, remote, "push", true)));
        assertThat(again.get("copied").asInt()).isZero();
        assertThat(again.get("skipped").asInt()).isEqualTo(3);
    }

    @Test
    void aPullMirrorsTheRemoteFolderAndKeepsExtrasWithoutDeleteExtra() throws IOException {
        Path local = work.resolve("local");
        Path remote = work.resolve("remote");
        sides(remote, local);
        JsonNode kept = succeeded(bed.context("scp.sync").run(executor, sync(local, remote, "pull", false)));
        assertThat(kept.get("deleted").asInt()).isZero();
        assertThat(local.resolve("stale.txt")).exists();

        FakeContext context = bed.context("scp.sync");
        JsonNode result = succeeded(context.run(executor, sync(local, remote, "pull", true)));
        assertMirrored(local);
        assertThat(result.get("copied").asInt()).isZero();
        assertThat(result.get("deleted").asInt()).isEqualTo(1);
        assertThat(context.statuses()).contains(TaskStatus.DOWNLOADING);
    }

    @Test
    void aPushMakesTheMissingRemoteFolder() throws IOException {
        Path local = work.resolve("local");
        file(local.resolve("a/b.txt"), "b\n", THEN);
        succeeded(bed.context("scp.sync").run(executor, sync(local, work.resolve("fresh"), "push", false)));
        assertThat(Files.readString(work.resolve("fresh/a/b.txt"))).isEqualTo("b\n");
    }

    @Test
    void aPullFromAMissingRemoteFolderFailsAsRemotePathNotFound() {
        TaskOutcome outcome;
        try {
            outcome = bed.context("scp.sync").run(executor, sync(work.resolve("l"), work.resolve("absent"), "pull",
                    false));
        } catch (io.queuemgr.task.TaskFailure e) {
            outcome = new TaskOutcome.Failed(e.error(), null);
        }
        assertThat(((TaskOutcome.Failed) outcome).error().code()).isEqualTo("SCP_REMOTE_PATH_NOT_FOUND");
    }
}
