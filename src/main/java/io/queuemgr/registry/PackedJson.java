package io.queuemgr.registry;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A finished task's snapshot as the registry keeps it: deflated against a preset dictionary of typical snapshots,
 * so that the field names and common values every snapshot repeats cost a few bits each. A finished task is read
 * rarely (one GET, one listing page) and held for the whole retention period, so a few microseconds per read buy
 * most of its memory. Packed bytes start with 0, which JSON never does; anything else is kept as it came.
 */
final class PackedJson {

    private static final byte MARK = 0;

    private final byte[] dictionary;
    private final int level;
    /** Each holds native buffers: a few are kept for reuse, one per thread packing at the same time. */
    private final Queue<Deflater> deflaters = new ConcurrentLinkedQueue<>();
    private final Queue<Inflater> inflaters = new ConcurrentLinkedQueue<>();

    PackedJson(byte[] dictionary, int level) {
        this.dictionary = dictionary;
        this.level = level;
    }

    byte[] pack(byte[] json) {
        Deflater d = deflaters.poll();
        d = d == null ? new Deflater(level, true) : d;
        try {
            d.setDictionary(dictionary);
            d.setInput(json);
            d.finish();
            byte[] buf = new byte[json.length + 64];
            int n = header(buf, json.length);
            while (!d.finished()) {
                if (n == buf.length) {
                    // Incompressible: not worth a packed form.
                    return json;
                }
                n += d.deflate(buf, n, buf.length - n);
            }
            return n >= json.length ? json : Arrays.copyOf(buf, n);
        } finally {
            d.reset();
            deflaters.offer(d);
        }
    }

    byte[] unpack(byte[] stored) {
        if (stored.length == 0 || stored[0] != MARK) {
            return stored;
        }
        int length = 0;
        int at = 1;
        for (int shift = 0;; shift += 7) {
            byte b = stored[at++];
            length |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        Inflater inf = inflaters.poll();
        inf = inf == null ? new Inflater(true) : inf;
        try {
            // Raw deflate carries no dictionary id: the dictionary is given before the first byte.
            inf.setDictionary(dictionary);
            inf.setInput(stored, at, stored.length - at);
            byte[] json = new byte[length];
            int n = 0;
            while (n < length) {
                int got = inf.inflate(json, n, length - n);
                if (got == 0 && (inf.finished() || inf.needsInput())) {
                    throw new IllegalStateException("A packed snapshot ended early");
                }
                n += got;
            }
            return json;
        } catch (DataFormatException e) {
            throw new IllegalStateException("A packed snapshot is corrupt", e);
        } finally {
            inf.reset();
            inflaters.offer(inf);
        }
    }

    /** The mark and the unpacked length, 7 bits a byte; answers where the deflated bytes start. */
    private static int header(byte[] buf, int length) {
        buf[0] = MARK;
        int n = 1;
        while (length >= 0x80) {
            buf[n++] = (byte) (length & 0x7F | 0x80);
            length >>>= 7;
        }
        buf[n++] = (byte) length;
        return n;
    }
}
