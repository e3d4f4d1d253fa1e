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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

import org.apache.kafka.common.TopicPartition;

import io.queuemgr.task.TaskStatus;

/**
 * The registry checkpoint on disk: a header saying what it was taken from and where the reader stood, every task held
 * (its names coded once each), then the parts kept beside the registry in the header's order, then a CRC-32C of all of
 * it. Written whole under a temporary name and moved into place, so a crash while writing leaves the previous file or
 * none; read through one open file, so a file moved into place meanwhile is not half read.
 */
final class CheckpointFile implements Closeable {

    private static final int MAGIC = 0x514d5243;
    /** Changes whenever what follows the magic number is written differently. */
    private static final int FORMAT = 1;
    private static final TaskStatus[] STATUSES = TaskStatus.values();
    /** Tasks put into the registry under one lock round. */
    private static final int BATCH = 4096;

    /** What the checkpoint was taken from: a reader of another build, packer, topics or parts must not use it. */
    record Header(String build, String packedForm, long writtenAtMs, Map<String, String> topicIds,
            Map<TopicPartition, Long> positions, List<String> parts) {
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
            writeTasks(out, registry);
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

    Header header() {
        return header;
    }

    /** Puts the checkpoint's tasks into the registry and its parts back, in the order the header names them. */
    void readBody(TaskRegistry registry, List<CheckpointPart> parts) throws IOException {
        readTasks(in, registry);
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
        CheckpointPart.writeText(out, h.build());
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
        String build = CheckpointPart.readText(in);
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
        return new Header(build, form, writtenAt, ids, positions, parts);
    }

    /** Each task after a 1, then a 0: written as the registry hands them over, never gathered in memory. */
    private static void writeTasks(DataOutputStream out, TaskRegistry registry) throws IOException {
        Names names = new Names();
        registry.eachTask((id, e, stored, holdsKey) -> {
            out.writeByte(1);
            CheckpointPart.writeId(out, id);
            out.writeLong(e.version());
            out.writeByte(e.status().ordinal());
            out.writeLong(e.createdMs());
            out.writeLong(e.startedMs());
            out.writeLong(e.finishedMs());
            names.write(out, e.queue());
            names.write(out, e.type());
            names.write(out, e.category());
            out.writeInt(e.tags().length);
            for (String tag : e.tags()) {
                names.write(out, tag);
            }
            CheckpointPart.writeText(out, e.idempotencyKey());
            out.writeBoolean(holdsKey);
            out.writeInt(stored.length);
            out.write(stored);
        });
        out.writeByte(0);
    }

    private static void readTasks(DataInputStream in, TaskRegistry registry) throws IOException {
        List<String> names = new ArrayList<>();
        List<TaskRegistry.Restored> batch = new ArrayList<>(BATCH);
        while (in.readByte() == 1) {
            UUID id = CheckpointPart.readId(in);
            long version = in.readLong();
            TaskStatus status = STATUSES[in.readByte()];
            long created = in.readLong();
            long started = in.readLong();
            long finished = in.readLong();
            String queue = Names.read(in, names);
            String type = Names.read(in, names);
            String category = Names.read(in, names);
            String[] tags = new String[in.readInt()];
            for (int i = 0; i < tags.length; i++) {
                tags[i] = Names.read(in, names);
            }
            String key = CheckpointPart.readText(in);
            boolean holdsKey = in.readBoolean();
            byte[] stored = new byte[in.readInt()];
            in.readFully(stored);
            batch.add(new TaskRegistry.Restored(id, new RegistryEntry(version, status, queue, type, category, tags,
                    key, created, started, finished), stored, holdsKey));
            if (batch.size() == BATCH) {
                registry.restore(batch);
                batch.clear();
            }
        }
        registry.restore(batch);
    }

    /** Queue, type, category and tag names: each written once, then by its number. */
    private static final class Names {
        private final Map<String, Integer> seen = new HashMap<>();

        void write(DataOutput out, String name) throws IOException {
            if (name == null) {
                out.writeInt(-1);
                return;
            }
            Integer code = seen.get(name);
            if (code != null) {
                out.writeInt(code);
                return;
            }
            seen.put(name, seen.size());
            out.writeInt(-2);
            CheckpointPart.writeText(out, name);
        }

        static String read(DataInput in, List<String> names) throws IOException {
            int code = in.readInt();
            if (code == -1) {
                return null;
            }
            if (code == -2) {
                String name = CheckpointPart.readText(in);
                names.add(name);
                return name;
            }
            return names.get(code);
        }
    }
}
