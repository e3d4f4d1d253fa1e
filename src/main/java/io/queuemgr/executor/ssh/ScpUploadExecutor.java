package io.queuemgr.executor.ssh;

import jakarta.enterprise.context.ApplicationScoped;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.executor.TaskType;
import io.smallrye.mutiny.Uni;

/** Copies a local file or folder to a remote host with SCP. */
@ApplicationScoped
public class ScpUploadExecutor implements TaskExecutor<ScpTransferParams> {

    private static final TaskType TYPE = TaskType.of("scp.upload", ScpTransferParams.class,
            "Copies a file or folder from the service's host to a remote host over SCP.")
            .aliases("SCP_UPLOAD").category("scp").tags("scp", "upload", "file-transfer")
            .can(TaskType.Capability.CANCELLABLE);

    private final ScpTransfers transfers;

    public ScpUploadExecutor(ScpTransfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public TaskType type() {
        return TYPE;
    }

    @Override
    public Uni<TaskOutcome> execute(ScpTransferParams params, ExecutionContext context) {
        return transfers.run(ScpTransfers.Direction.UPLOAD, params, context);
    }
}
