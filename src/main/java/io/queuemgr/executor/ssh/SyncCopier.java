package io.queuemgr.executor.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.scp.client.ScpClient;
import org.apache.sshd.scp.client.ScpClientCreator;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Carries out a sync plan file by file: SCP copies each file with its mode and time (so that the next sync finds it
 * unchanged), SFTP makes the remote folders and deletes remote files.
 */
final class SyncCopier {

    private final ScpClient scp;
    private final SftpClient sftp;
    private final Path localRoot;
    private final String remoteRoot;
    private final Set<String> remoteFolders = new HashSet<>();

    SyncCopier(ClientSession session, SftpClient sftp, Path localRoot, String remoteRoot, TransferProgress progress) {
        CountingFileOpener opener = new CountingFileOpener(progress);
        this.scp = ScpClientCreator.instance().createScpClient(session, opener, opener);
        this.sftp = sftp;
        this.localRoot = localRoot;
        this.remoteRoot = remoteRoot.endsWith("/") ? remoteRoot.substring(0, remoteRoot.length() - 1) : remoteRoot;
    }

    void push(String relative) throws IOException {
        String target = remote(relative);
        makeRemoteFolders(relative);
        UploadTarget.check(sftp, target);
        scp.upload(localRoot.resolve(relative), target, EnumSet.of(ScpClient.Option.PreserveAttributes));
    }

    void pull(String relative) throws IOException {
        Path target = localRoot.resolve(relative);
        Files.createDirectories(target.getParent());
        scp.download(remote(relative), target, EnumSet.of(ScpClient.Option.PreserveAttributes));
    }

    void deleteRemote(String relative) throws IOException {
        try {
            sftp.remove(remote(relative));
        } catch (SftpException e) {
            throw RemoteFiles.failure(e, remote(relative));
        }
    }

    void deleteLocal(String relative) throws IOException {
        Files.deleteIfExists(localRoot.resolve(relative));
    }

    /** Makes the remote root and the folders of a file below it, each once per sync. */
    void makeRemoteFolders(String relative) throws IOException {
        String folder = remoteRoot;
        String[] parts = relative.split("/");
        for (int i = 0; i <= parts.length - 1; i++) {
            if (remoteFolders.add(folder) && !RemoteFiles.exists(sftp, folder)) {
                try {
                    sftp.mkdir(folder);
                } catch (SftpException e) {
                    throw RemoteFiles.failure(e, folder);
                }
            }
            if (i < parts.length - 1) {
                folder = folder + "/" + parts[i];
            }
        }
    }

    private String remote(String relative) {
        return remoteRoot + "/" + relative;
    }
}
