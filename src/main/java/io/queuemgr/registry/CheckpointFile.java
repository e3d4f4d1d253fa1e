package io.queuemgr.registry;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

import org.apache.kafka.common.TopicPartition;

/**
 * The registry checkpoint on disk: a header saying what it was taken from and where the reader stood, every task held
 * (its names coded once each), then the parts kept beside the registry in the header's order, then a CRC-32C of all of
 * it. Written whole under a temporary name and moved into place, so a crash while writing leaves the previous file or
 * none; read through one open file, so a file moved into place meanwhile is not half read.
 */
final class CheckpointFile implements Closeable {

    private static final int MAGIC = 0x514d5243;
    /** Changes whenever what follows the magic number is written differently. */
    private static final int FORMAT = 2;
    /**
     * What the tasks and parts after the header mean: what the registry files from a snapshot and how {@link
     * CheckpointTasks} and every {@link CheckpointPart} write it. Any build reads a checkpoint of its layout, so an
     * upgrade's start reads it. Raise it with any change to those, and write {@code CheckpointLayoutTest}'s fixture
     * anew: that test fails where a fixture of this layout reads into another registry than one filed now.
     */
    static final int LAYOUT = 1;

    /**
     * What the checkpoint was taken from: a reader of another layout, packer, topics or parts must not use it, nor a
     * reader of another build when the registry had skipped unreadable records ({@link UnreadRecords}).
     */
    record Header(String layout, String build, long unread, String packedForm, long writtenAtMs,
            Map<String, String> topicIds, Map<TopicPartition, Long> positions, List<String> parts) {
    }

    private final FileChannel ch;
    private final DataInputStream in;
    private final Header header;

    private CheckpointFile(FileChannel ch, DataInputStream in, Header header) {
        this.ch = ch;
        this.in = in;
        this.header = header;
    }

    static void write(Path file, Header header, TaskRegistry registry, List<CheckpointPart> parts) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // A name of its own: two instances sharing a data directory may stop at once.
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            writeTo(tmp, header, registry, parts);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Not every file system syncs a directory; the file itself is on disk.
        }
    }

    private static void writeTo(Path tmp, Header header, TaskRegistry registry, List<CheckpointPart> parts)
            throws IOException {
        CRC32C crc = new CRC32C();
        try (OutputStream raw = Files.newOutputStream(tmp);
                DataOutputStream out = new DataOutputStream(
                        new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16))) {
            writeHeader(out, header);
            CheckpointTasks.write(out, registry);
            for (CheckpointPart part : parts) {
                part.save(out);
            }
            out.flush();
            // The trailer is not part of what it checks.
            new DataOutputStream(raw).writeLong(crc.getValue());
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Opens an intact checkpoint of this format and reads its header; empty for a file that is damaged or of another
     * format. The tasks and parts are then read from the same open file ({@link #readBody}).
     */
    static Optional<CheckpointFile> open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            if (!intact(ch)) {
                ch.close();
                return Optional.empty();
            }
            ch.position(0);
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), 1 << 16));
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new CheckpointFile(ch, in, readHeader(in)));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Whether the CRC-32C at the end matches everything before it. */
    private static boolean intact(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 16) {
            return false;
        }
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long left = size - 8;
        while (left > 0) {
            buf.clear().limit((int) Math.min(buf.capacity(), left));
            int n = ch.read(buf);
            if (n < 0) {
                return false;
            }
            buf.flip();
            crc.update(buf);
            left -= n;
        }
        buf.clear().limit(8);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                return false;
            }
        }
        return buf.flip().getLong() == crc.getValue();
    }

    /** Removes the temporary files beside {@code file} last written before {@code beforeMs}: writes that died. */
    static void removeAbandoned(Path file, long beforeMs) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, file.getFileName() + "*.tmp")) {
            for (Path p : tmp) {
                if (Files.getLastModifiedTime(p).toMillis() < beforeMs) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The layout this build writes and reads, as a header names it. */
    static String layout() {
        return "registry layout " + LAYOUT;
    }

    Header header() {
        return header;
    }

    /** Puts the checkpoint's tasks into the registry and its parts back, in the order the header names them. */
    void readBody(TaskRegistry registry, List<CheckpointPart> parts) throws IOException {
        CheckpointTasks.read(in, registry);
        readParts(parts);
    }

    /** The checkpoint's tasks, in batches, to whatever files them, on this thread (then {@link #readParts}). */
    void readTasksHere(Consumer<List<TaskStore.Restored>> into) throws IOException {
        CheckpointTasks.readHere(in, into);
    }

    /** The parts kept beside the registry, in the header's order; after the tasks. */
    void readParts(List<CheckpointPart> parts) throws IOException {
        for (CheckpointPart part : parts) {
            part.restore(in);
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }

    private static void writeHeader(DataOutput out, Header h) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        CheckpointPart.writeText(out, h.layout());
        CheckpointPart.writeText(out, h.build());
        out.writeLong(h.unread());
        CheckpointPart.writeText(out, h.packedForm());
        out.writeLong(h.writtenAtMs());
        out.writeInt(h.topicIds().size());
        for (Map.Entry<String, String> e : h.topicIds().entrySet()) {
            CheckpointPart.writeText(out, e.getKey());
            CheckpointPart.writeText(out, e.getValue());
        }
        out.writeInt(h.positions().size());
        for (Map.Entry<TopicPartition, Long> e : h.positions().entrySet()) {
            CheckpointPart.writeText(out, e.getKey().topic());
            out.writeInt(e.getKey().partition());
            out.writeLong(e.getValue());
        }
        out.writeInt(h.parts().size());
        for (String part : h.parts()) {
            CheckpointPart.writeText(out, part);
        }
    }

    private static Header readHeader(DataInput in) throws IOException {
        String layout = CheckpointPart.readText(in);
        String build = CheckpointPart.readText(in);
        long unread = in.readLong();
        String form = CheckpointPart.readText(in);
        long writtenAt = in.readLong();
        Map<String, String> ids = new LinkedHashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            ids.put(CheckpointPart.readText(in), CheckpointPart.readText(in));
        }
        Map<TopicPartition, Long> positions = new LinkedHashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            positions.put(new TopicPartition(CheckpointPart.readText(in), in.readInt()), in.readLong());
        }
        List<String> parts = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            parts.add(CheckpointPart.readText(in));
        }
        return new Header(layout, build, unread, form, writtenAt, ids, positions, parts);
    }
}
