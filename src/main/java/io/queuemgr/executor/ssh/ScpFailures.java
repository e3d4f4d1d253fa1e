package io.queuemgr.executor.ssh;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.Map;

import io.queuemgr.task.TaskFailure;

/** Names the code of a failed SCP copy from what the remote scp or the local file system said. */
final class ScpFailures {

    private ScpFailures() {
    }

    static TaskFailure of(Exception e, String host, String remotePath, String localPath) {
        if (e instanceof TaskFailure known) {
            return known;
        }
        Map<String, String> context = Map.of("host", host, "remotePath", remotePath, "localPath", localPath);
        String reason = SshFailures.reason(e);
        String said = reason.toLowerCase(Locale.ROOT);
        if (e instanceof AccessDeniedException) {
            return SshErrors.SCP_PERMISSION_DENIED.failure("The service may not use " + reason, context);
        }
        if (e instanceof NoSuchFileException) {
            return SshErrors.SCP_LOCAL_PATH_NOT_FOUND.failure(reason + " does not exist here", context);
        }
        if (said.contains("permission denied")) {
            return SshErrors.SCP_PERMISSION_DENIED.failure("The host refused: " + reason, context);
        }
        if (said.contains("no such file or directory")) {
            return SshErrors.SCP_REMOTE_PATH_NOT_FOUND.failure("The host said: " + reason, context);
        }
        return SshErrors.SCP_TRANSFER_FAILED.failure("The copy broke off: " + reason, context);
    }
}
