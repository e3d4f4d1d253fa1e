package io.queuemgr.registry;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * State kept from the status or log topic beside the registry, carried by a registry checkpoint, so that a restart that
 * reads the topics only from the checkpoint's positions on finds it as a full replay would have left it. A checkpoint
 * is read by later builds of the same layout: a change to what a part writes raises the checkpoint's layout.
 */
public interface CheckpointPart {

    /** Names the part in the checkpoint, whose header lists them: one with other parts is not used. */
    String checkpointName();

    /**
     * Writes the state, so that {@link #restore} reads exactly what was written (parts follow each other unframed);
     * called once the reader has stopped or on its thread between two polls, so the records read change nothing
     * meanwhile.
     */
    void save(DataOutput out) throws IOException;

    /** Takes the state back, before the reader starts, on an empty part. */
    void restore(DataInput in) throws IOException;

    /** Forgets what {@link #restore} took, when the checkpoint turned out unusable half way through. */
    void forget();

    static void writeId(DataOutput out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    static UUID readId(DataInput in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    /** A text of any length, or null (DataOutput's own UTF form stops at 64 KiB). */
    static void writeText(DataOutput out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** What {@link #writeText} wrote. */
    static String readText(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
