package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.queuemgr.executor.ssh.SyncPlan.FileState;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskStatus;
import io.smallrye.mutiny.Uni;

/** Makes one folder match another across SSH, copying only the files that differ. */
@ApplicationScoped
public class ScpSyncExecutor implements TaskExecutor<ScpSyncParams> {

    private static final TaskType TYPE = TaskType.of("scp.sync", ScpSyncParams.class,
            "Makes a remote folder match a local one (push) or the reverse (pull), copying only files whose size or"
                    + " modification time differ.")
            .aliases("SCP_SYNC").category("scp").tags("scp", "sync", "file-transfer")
            .can(TaskType.Capability.CANCELLABLE);

    private final SshConnectionPool pool;
    private final PathGuard paths;
    private final KeyFileRoots keyRoots;

    public ScpSyncExecutor(SshConnectionPool pool, PathGuard paths, KeyFileRoots keyRoots) {
        this.pool = pool;
        this.paths = paths;
        this.keyRoots = keyRoots;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(ScpSyncParams p, ExecutionContext context) {
        context.status(TaskStatus.VALIDATING, "connecting to " + p.host() + ", checking its host key and logging in");
        return context.blocking(() -> {
            paths.checkWhenRunning("params.localPath", p.localPath());
            Path local = Path.of(p.localPath());
            prepareLocal(local, p);
            Login login = Login.of(p, context, keyRoots);
            try (SshConnectionPool.Lease lease = pool.leaseWhole(p, login);
                    SftpClient sftp = SftpClientFactory.instance().createSftpClient(lease.session())) {
                AtomicBoolean syncing = new AtomicBoolean(true);
                context.onCancel(() -> {
                    if (syncing.get()) {
                        lease.discard();
                        lease.session().close(true);
                    }
                });
                TransferProgress progress = null;
                try {
                    context.status(TaskStatus.PREPARING, "comparing " + p.localPath() + " with " + p.host() + ":"
                            + p.remotePath());
                    SyncPlan plan = plan(sftp, local, p);
                    progress = new TransferProgress(context, plan.bytesToCopy());
                    context.status(p.isPush() ? TaskStatus.UPLOADING : TaskStatus.DOWNLOADING);
                    carryOut(plan, new SyncCopier(lease.session(), sftp, local, p.remotePath(), progress), p);
                    return new TaskOutcome.Succeeded(result(progress, plan));
                } catch (IOException | RuntimeException e) {
                    lease.discard();
                    ObjectNode partial = progress == null ? null : progress.result();
                    return context.isCancelled()
                            ? new TaskOutcome.Stopped(partial)
                            : new TaskOutcome.Failed(
                                    ScpFailures.of(e, p.host(), p.remotePath(), p.localPath()).error(), partial);
                } finally {
                    syncing.set(false);
                }
            }
        });
    }

    private static void prepareLocal(Path local, ScpSyncParams p) throws IOException {
        if (p.isPush() && !Files.isDirectory(local)) {
            throw SshErrors.SCP_LOCAL_PATH_NOT_FOUND.failure("The folder " + local + " does not exist",
                    Map.of("localPath", local.toString()));
        }
        if (!p.isPush()) {
            Files.createDirectories(local);
        }
    }

    private static SyncPlan plan(SftpClient sftp, Path local, ScpSyncParams p) throws IOException {
        boolean remoteExists = RemoteFiles.exists(sftp, p.remotePath());
        if (!p.isPush() && !remoteExists) {
            throw SshErrors.SCP_REMOTE_PATH_NOT_FOUND.failure(p.remotePath() + " does not exist on " + p.host(),
                    Map.of("remotePath", p.remotePath()));
        }
        Map<String, FileState> remote = remoteExists ? RemoteFiles.under(sftp, p.remotePath()) : Map.of();
        if (remote.containsKey("")) {
            throw ErrorCode.TASK_PARAMS_INVALID.failure("params.remotePath " + p.remotePath()
                    + " is a file: a sync compares two folders");
        }
        Map<String, FileState> here = LocalFiles.under(local);
        boolean delete = Boolean.TRUE.equals(p.deleteExtra());
        return p.isPush() ? SyncPlan.of(here, remote, delete) : SyncPlan.of(remote, here, delete);
    }

    private static void carryOut(SyncPlan plan, SyncCopier copier, ScpSyncParams p) throws IOException {
        if (p.isPush()) {
            copier.makeRemoteFolders("");
        }
        for (FileState file : plan.copy()) {
            if (p.isPush()) {
                copier.push(file.relative());
            } else {
                copier.pull(file.relative());
            }
        }
        for (String extra : plan.delete()) {
            if (p.isPush()) {
                copier.deleteRemote(extra);
            } else {
                copier.deleteLocal(extra);
            }
        }
    }

    private static ObjectNode result(TransferProgress progress, SyncPlan plan) {
        ObjectNode result = progress.result();
        result.remove("files");
        result.put("copied", plan.copy().size());
        result.put("skipped", plan.skip().size());
        result.put("deleted", plan.delete().size());
        return result;
    }
}
