package io.queuemgr.executor.system;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Streams a tar.gz archive to a file, a chunk at a time, with the SHA-256 of the compressed bytes computed as they
 * are written. Entries keep their mode (st_mode, setuid and sticky bits included), owner ids and modification time;
 * PAX headers carry long names, non-ASCII names and large sizes.
 */
final class TarGzWriter implements Closeable {

    private static final int CHUNK = 64 * 1024;

    private final MessageDigest sha256;
    private final TarArchiveOutputStream tar;
    private final byte[] buffer = new byte[CHUNK];

    TarGzWriter(Path file) throws IOException {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
        var digested = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), CHUNK), sha256);
        tar = new TarArchiveOutputStream(new GZIPOutputStream(digested, CHUNK));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /**
     * Adds one item; {@code written} hears of each chunk of content. An interrupt (a cancel) ends the copy between
     * chunks with an InterruptedIOException.
     */
    void add(BackupPlan.Item item, LongConsumer written) throws IOException {
        TarArchiveEntry entry;
        if (item.kind() == BackupPlan.Kind.LINK) {
            entry = new TarArchiveEntry(item.name(), TarConstants.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(item.path()).toString());
        } else {
            entry = new TarArchiveEntry(item.path(), item.name(), LinkOption.NOFOLLOW_LINKS);
            entry.setSize(item.size());
        }
        entry.setMode((Integer) Files.getAttribute(item.path(), "unix:mode", LinkOption.NOFOLLOW_LINKS));
        entry.setModTime(Files.getLastModifiedTime(item.path(), LinkOption.NOFOLLOW_LINKS));
        tar.putArchiveEntry(entry);
        if (item.kind() == BackupPlan.Kind.FILE) {
            copy(item, written);
        }
        tar.closeArchiveEntry();
    }

    private void copy(BackupPlan.Item item, LongConsumer written) throws IOException {
        try (InputStream in = Files.newInputStream(item.path())) {
            long left = item.size();
            while (left > 0) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("cancelled");
                }
                int read = in.read(buffer, 0, (int) Math.min(CHUNK, left));
                if (read < 0) {
                    throw SystemErrors.SYSTEM_BACKUP_FAILED.failure(item.path()
                            + " became shorter while it was archived",
                            java.util.Map.of("path", item.path().toString()));
                }
                tar.write(buffer, 0, read);
                left -= read;
                written.accept(read);
            }
        }
    }

    /** Ends the archive and the file; the SHA-256 of all the bytes written, in hex. */
    String finish() throws IOException {
        tar.finish();
        tar.close();
        return HexFormat.of().formatHex(sha256.digest());
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
