package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import io.queuemgr.executor.ssh.SyncPlan.FileState;
import io.queuemgr.task.TaskFailure;

/** What lies under a remote path, read over SFTP (SCP cannot list). */
final class RemoteFiles {

    private RemoteFiles() {
    }

    /**
     * The regular files at or under the path, by relative path ("" for the path itself when it is a file); fails when
     * the path is missing or unreadable.
     */
    static Map<String, FileState> under(SftpClient sftp, String root) throws IOException {
        Map<String, FileState> files = new TreeMap<>();
        SftpClient.Attributes top;
        try {
            top = sftp.stat(root);
        } catch (SftpException e) {
            throw failure(e, root);
        }
        if (top.isDirectory()) {
            walk(sftp, root, "", files);
        } else {
            files.put("", new FileState("", top.getSize(), top.getModifyTime().toMillis() / 1000));
        }
        return files;
    }

    /** Whether the path exists on the host. */
    static boolean exists(SftpClient sftp, String path) throws IOException {
        try {
            sftp.stat(path);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw failure(e, path);
        }
    }

    private static void walk(SftpClient sftp, String dir, String prefix, Map<String, FileState> files)
            throws IOException {
        try {
            for (SftpClient.DirEntry entry : sftp.readDir(dir)) {
                String name = entry.getFilename();
                if (name.equals(".") || name.equals("..")) {
                    continue;
                }
                SftpClient.Attributes attributes = entry.getAttributes();
                String relative = prefix + name;
                if (attributes.isDirectory()) {
                    walk(sftp, dir + "/" + name, relative + "/", files);
                } else if (attributes.isRegularFile()) {
                    files.put(relative, new FileState(relative, attributes.getSize(),
                            attributes.getModifyTime().toMillis() / 1000));
                }
            }
        } catch (SftpException e) {
            throw failure(e, dir);
        }
    }

    static TaskFailure failure(SftpException e, String path) {
        Map<String, String> context = Map.of("remotePath", path);
        return switch (e.getStatus()) {
            case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH ->
                SshErrors.SCP_REMOTE_PATH_NOT_FOUND
                        .failure(path + " does not exist on the host", context);
            case SftpConstants.SSH_FX_PERMISSION_DENIED -> SshErrors.SCP_PERMISSION_DENIED.failure(
                    "The host refused access to " + path, context);
            default -> SshErrors.SCP_TRANSFER_FAILED.failure("Could not read " + path + ": " + e.getMessage(), context);
        };
    }
}
