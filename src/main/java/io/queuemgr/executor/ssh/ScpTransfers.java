package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.scp.client.ScpClient;
import org.apache.sshd.scp.client.ScpClientCreator;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/**
 * Copies files with SCP over a pooled session, for the upload and download types. A cancel closes the session,
 * which breaks the copy off at once; a session whose copy broke off is not reused.
 */
@ApplicationScoped
public class ScpTransfers {

    enum Direction {
        UPLOAD,
        DOWNLOAD
    }

    private final SshConnectionPool pool;
    private final PathGuard paths;
    private final KeyFileRoots keyRoots;

    public ScpTransfers(SshConnectionPool pool, PathGuard paths, KeyFileRoots keyRoots) {
        this.pool = pool;
        this.paths = paths;
        this.keyRoots = keyRoots;
    }

    Uni<TaskOutcome> run(Direction direction, ScpTransferParams p, ExecutionContext context) {
        context.status(TaskStatus.VALIDATING, "connecting to " + p.host() + ", checking its host key and logging in");
        return context.blocking(() -> {
            paths.checkWhenRunning("params.localPath", p.localPath());
            Path local = Path.of(p.localPath());
            long localBytes = direction == Direction.UPLOAD ? sourceBytes(local, p) : checkTarget(local);
            Login login = Login.of(p, context, keyRoots);
            try (SshConnectionPool.Lease lease = pool.leaseWhole(p, login)) {
                AtomicBoolean copying = new AtomicBoolean(true);
                context.onCancel(() -> {
                    if (copying.get()) {
                        lease.discard();
                        lease.session().close(true);
                    }
                });
                long total = direction == Direction.UPLOAD
                        ? checkedUpload(lease.session(), p, localBytes)
                        : remoteBytes(lease.session(), p);
                TransferProgress progress = new TransferProgress(context, total);
                try {
                    copy(direction, lease.session(), p, local, progress, context);
                    return new TaskOutcome.Succeeded(progress.result());
                } catch (IOException | RuntimeException e) {
                    lease.discard();
                    return context.isCancelled()
                            ? new TaskOutcome.Stopped(progress.result())
                            : new TaskOutcome.Failed(ScpFailures.of(e, p.host(), p.remotePath(), p.localPath()).error(),
                                    progress.result());
                } finally {
                    copying.set(false);
                }
            }
        });
    }

    private static void copy(Direction direction, ClientSession session, ScpTransferParams p, Path local,
            TransferProgress progress, ExecutionContext context) throws IOException {
        Set<ScpClient.Option> options = EnumSet.noneOf(ScpClient.Option.class);
        if (p.isRecursive()) {
            options.add(ScpClient.Option.Recursive);
        }
        if (p.keepsAttributes()) {
            options.add(ScpClient.Option.PreserveAttributes);
        }
        CountingFileOpener opener = new CountingFileOpener(progress);
        ScpClient scp = ScpClientCreator.instance().createScpClient(session, opener, opener);
        if (direction == Direction.UPLOAD) {
            context.status(TaskStatus.UPLOADING, "uploading to " + p.host());
            scp.upload(new Path[]{local}, p.remotePath(), options);
        } else {
            context.status(TaskStatus.DOWNLOADING, "downloading from " + p.host());
            scp.download(p.remotePath(), local, options);
        }
    }

    /** The bytes to upload; the source must exist, and a folder needs recursive. */
    private static long sourceBytes(Path local, ScpTransferParams p) throws IOException {
        if (!Files.exists(local)) {
            throw SshErrors.SCP_LOCAL_PATH_NOT_FOUND.failure(local + " does not exist",
                    Map.of("localPath", local.toString()));
        }
        if (Files.isDirectory(local) && !p.isRecursive()) {
            throw ErrorCode.TASK_PARAMS_INVALID.failure("params.localPath " + local
                    + " is a folder: set recursive to true to copy it");
        }
        try (Stream<Path> files = Files.walk(local)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    /** A download lands in an existing folder, or becomes a new entry of one. */
    private static long checkTarget(Path local) {
        Path parent = local.toAbsolutePath().getParent();
        if (!Files.exists(local) && (parent == null || !Files.isDirectory(parent))) {
            throw SshErrors.SCP_LOCAL_PATH_NOT_FOUND.failure("The folder " + parent + " does not exist",
                    Map.of("localPath", local.toString()));
        }
        return 0;
    }

    private static long checkedUpload(ClientSession session, ScpTransferParams p, long localBytes)
            throws IOException {
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            UploadTarget.check(sftp, p.remotePath());
        }
        return localBytes;
    }

    private static long remoteBytes(ClientSession session, ScpTransferParams p) throws IOException {
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            Map<String, SyncPlan.FileState> files = RemoteFiles.under(sftp, p.remotePath());
            if (!p.isRecursive() && !files.containsKey("")) {
                throw ErrorCode.TASK_PARAMS_INVALID.failure("params.remotePath " + p.remotePath()
                        + " is a folder: set recursive to true to copy it");
            }
            return files.values().stream().mapToLong(SyncPlan.FileState::size).sum();
        }
    }
}
