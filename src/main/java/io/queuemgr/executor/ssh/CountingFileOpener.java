package io.queuemgr.executor.ssh;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.apache.sshd.common.session.Session;
import org.apache.sshd.scp.common.ScpException;
import org.apache.sshd.scp.common.ScpTransferEventListener;
import org.apache.sshd.scp.common.helpers.DefaultScpFileOpener;
import org.apache.sshd.scp.common.helpers.ScpAckInfo;

/**
 * Opens local files for MINA's SCP client and counts the bytes that pass through them; its listener half names the
 * file being copied. MINA's own events only come at the start and end of a file, too seldom for a 200 MB one.
 * A "warning" from the host after a file (a write that failed there) ends the copy with the host's words, where
 * MINA would only log it.
 */
final class CountingFileOpener extends DefaultScpFileOpener implements ScpTransferEventListener {

    private final TransferProgress progress;

    CountingFileOpener(TransferProgress progress) {
        this.progress = progress;
    }

    @Override
    public InputStream openRead(Session session, Path file, long size, Set<PosixFilePermission> permissions,
            OpenOption... options) throws IOException {
        return new FilterInputStream(super.openRead(session, file, size, permissions, options)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                if (read > 0) {
                    progress.add(read);
                }
                return read;
            }
        };
    }

    @Override
    public OutputStream openWrite(Session session, Path file, long size, Set<PosixFilePermission> permissions,
            OpenOption... options) throws IOException {
        return new FilterOutputStream(super.openWrite(session, file, size, permissions, options)) {
            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                progress.add(length);
            }
        };
    }

    @Override
    public void startFileEvent(Session session, FileOperation op, Path file, long length,
            Set<PosixFilePermission> perms) {
        progress.startFile(file.getFileName() == null ? file.toString() : file.getFileName().toString());
    }

    @Override
    public void endFileEvent(Session session, FileOperation op, Path file, long length,
            Set<PosixFilePermission> perms, Throwable thrown) {
        if (thrown == null) {
            progress.endFile();
        }
    }

    @Override
    public void handleFileEventAckInfo(Session session, FileOperation op, Path file, long length,
            Set<PosixFilePermission> perms, ScpAckInfo ack) throws IOException {
        refuseUnlessOk(ack);
    }

    @Override
    public void handleReceiveCommandAckInfo(Session session, String command, ScpAckInfo ack) throws IOException {
        refuseUnlessOk(ack);
    }

    private static void refuseUnlessOk(ScpAckInfo ack) throws ScpException {
        if (ack != null && ack.getStatusCode() != ScpAckInfo.OK) {
            throw new ScpException(ack.getLine(), ack.getStatusCode());
        }
    }
}
