package io.queuemgr.executor.ssh;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.smallrye.mutiny.Uni;

/** Copies a remote file or folder to the service's host with SCP. */
@ApplicationScoped
public class ScpDownloadExecutor implements TaskExecutor<ScpTransferParams> {

    private static final TaskType TYPE = TaskType.of("scp.download", ScpTransferParams.class,
            "Copies a file or folder from a remote host to the service's host over SCP.")
            .aliases("SCP_DOWNLOAD").category("scp").tags("scp", "download", "file-transfer")
            .can(TaskType.Capability.CANCELLABLE);

    private final ScpTransfers transfers;

    public ScpDownloadExecutor(ScpTransfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(ScpTransferParams params, ExecutionContext context) {
        return transfers.run(ScpTransfers.Direction.DOWNLOAD, params, context);
    }
}
