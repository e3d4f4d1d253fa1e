package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.util.EnumSet;
import java.util.UUID;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Checks over SFTP, before an upload, that the remote side can take it. OpenSSH's scp answers a file it cannot
 * create with a mere warning, on which MINA's client goes on sending and then waits for an answer that never comes:
 * a missing folder or one the user may not write to is found here instead, with its own code.
 */
final class UploadTarget {

    private UploadTarget() {
    }

    static void check(SftpClient sftp, String remotePath) throws IOException {
        String folder = remotePath;
        try {
            SftpClient.Attributes target = sftp.stat(remotePath);
            if (!target.isDirectory()) {
                // An existing file is overwritten: it must be writable (opened without truncating it).
                sftp.open(remotePath, EnumSet.of(SftpClient.OpenMode.Write)).close();
                return;
            }
        } catch (SftpException e) {
            if (!RemoteFiles.exists(sftp, parentOf(remotePath))) {
                throw RemoteFiles.failure(e, remotePath);
            }
            folder = parentOf(remotePath);
        }
        String probe = folder + "/.queuemgr-probe-" + UUID.randomUUID();
        try {
            sftp.open(probe, EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create,
                    SftpClient.OpenMode.Exclusive)).close();
            sftp.remove(probe);
        } catch (SftpException e) {
            throw RemoteFiles.failure(e, folder);
        }
    }

    private static String parentOf(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : trimmed.substring(0, slash);
    }
}
