package io.queuemgr.registry;

import java.util.Arrays;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.jboss.logging.Logger;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;

/**
 * A finished task's snapshot as the registry keeps it: compressed against a preset dictionary of typical snapshots,
 * so that the field names and common values every snapshot repeats cost a few bits each. A finished task is read
 * rarely (one GET, one listing page) and held for the whole retention period, so a microsecond per read buys most of
 * its memory. Packed bytes start with 0, which JSON never does; anything else is kept as it came.
 * <p>
 * Zstandard (zstd-jni, which the Kafka client brings) digests the dictionary once; deflate, the fallback where its
 * native library cannot load, hashes the whole dictionary again for every snapshot (docs/architecture.md, "Restart":
 * 1.0 against 4.7 microseconds a snapshot). The form (method, layout, dictionary) is named in a registry checkpoint,
 * and a checkpoint packed in another form is not taken back, so either may be used after a restart.
 */
final class PackedJson {

    private static final Logger LOG = Logger.getLogger(PackedJson.class);
    private static final byte MARK = 0;

    /** The layout {@link #pack} writes; a change to it must change this, or a checkpoint would be misread. */
    private static final int LAYOUT = 1;

    private final Codec codec;
    private final String form;

    PackedJson(byte[] dictionary, int deflateLevel) {
        this(dictionary, deflateLevel, true);
    }

    /** {@code preferZstd} false: deflate only, as where the native library is missing. */
    PackedJson(byte[] dictionary, int deflateLevel, boolean preferZstd) {
        Codec chosen = null;
        if (preferZstd) {
            try {
                chosen = new Zstd(dictionary);
            } catch (LinkageError | RuntimeException e) {
                LOG.infof("Finished snapshots are packed with deflate: zstd is not available here (%s)", e);
            }
        }
        this.codec = chosen != null ? chosen : new Deflate(dictionary, deflateLevel);
        CRC32C crc = new CRC32C();
        crc.update(dictionary);
        this.form = method() + "/" + LAYOUT + "/" + Long.toHexString(crc.getValue());
    }

    /** The method, the layout and the dictionary: what must be the same to unpack what another packer packed. */
    String form() {
        return form;
    }

    /** Which compression packs: {@code zstd} or {@code deflate}. */
    String method() {
        return codec instanceof Zstd ? "zstd" : "deflate";
    }

    /** The snapshot of task {@code id} packed: its cuts ({@link SnapshotCuts}), then the rest compressed. */
    byte[] pack(byte[] json, UUID id) {
        SnapshotCuts.Cut cut = SnapshotCuts.cut(json, id);
        byte[] rest = cut.rest();
        byte[] buf = new byte[rest.length + cut.cuts().length + 64];
        int at = header(buf, rest.length);
        System.arraycopy(cut.cuts(), 0, buf, at, cut.cuts().length);
        at += cut.cuts().length;
        int n = codec.compress(rest, buf, at);
        // Incompressible (n < 0): not worth a packed form.
        return n < 0 || at + n >= json.length ? json : Arrays.copyOf(buf, at + n);
    }

    /** The JSON of task {@code id}'s snapshot as it was given to {@link #pack}. */
    byte[] unpack(byte[] stored, UUID id) {
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
        int cuts = at;
        at = SnapshotCuts.skip(stored, cuts);
        byte[] rest = new byte[length];
        codec.decompress(stored, at, rest);
        return SnapshotCuts.restore(rest, stored, cuts, id);
    }

    /** The mark and the unpacked length, 7 bits a byte; answers where the compressed bytes start. */
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

    private interface Codec {

        /** Compresses into {@code out} from {@code at}; answers the bytes written, or -1 when they would not fit. */
        int compress(byte[] json, byte[] out, int at);

        /** Fills {@code json} (of the unpacked length) from the compressed bytes from {@code at}. */
        void decompress(byte[] stored, int at, byte[] json);
    }

    /** Contexts are not thread-safe: a few are kept for reuse, one per thread packing at the same time. */
    private static final class Zstd implements Codec {

        private static final int LEVEL = 1;

        private final ZstdDictCompress dictCompress;
        private final ZstdDictDecompress dictDecompress;
        private final Queue<ZstdCompressCtx> compressors = new ConcurrentLinkedQueue<>();
        private final Queue<ZstdDecompressCtx> decompressors = new ConcurrentLinkedQueue<>();

        Zstd(byte[] dictionary) {
            this.dictCompress = new ZstdDictCompress(dictionary, LEVEL);
            this.dictDecompress = new ZstdDictDecompress(dictionary);
            // Fails here, not on the first snapshot, where the native library cannot load.
            compressors.offer(compressor());
        }

        private ZstdCompressCtx compressor() {
            ZstdCompressCtx c = new ZstdCompressCtx();
            c.loadDict(dictCompress);
            // The length is in our header; the rest of zstd's frame header would only cost bytes.
            c.setMagicless(true);
            c.setChecksum(false);
            c.setContentSize(false);
            c.setDictID(false);
            return c;
        }

        @Override
        public int compress(byte[] json, byte[] out, int at) {
            ZstdCompressCtx c = compressors.poll();
            c = c == null ? compressor() : c;
            try {
                return c.compressByteArray(out, at, out.length - at, json, 0, json.length);
            } catch (com.github.luben.zstd.ZstdException e) {
                return -1;
            } finally {
                compressors.offer(c);
            }
        }

        @Override
        public void decompress(byte[] stored, int at, byte[] json) {
            ZstdDecompressCtx d = decompressors.poll();
            if (d == null) {
                d = new ZstdDecompressCtx();
                d.loadDict(dictDecompress);
                d.setMagicless(true);
            }
            try {
                int n = d.decompressByteArray(json, 0, json.length, stored, at, stored.length - at);
                if (n != json.length) {
                    throw new IllegalStateException("A packed snapshot ended early");
                }
            } catch (com.github.luben.zstd.ZstdException e) {
                throw new IllegalStateException("A packed snapshot is corrupt", e);
            } finally {
                decompressors.offer(d);
            }
        }
    }

    /** Each deflater and inflater holds native buffers: a few are kept for reuse. */
    private static final class Deflate implements Codec {

        private final byte[] dictionary;
        private final int level;
        private final Queue<Deflater> deflaters = new ConcurrentLinkedQueue<>();
        private final Queue<Inflater> inflaters = new ConcurrentLinkedQueue<>();

        Deflate(byte[] dictionary, int level) {
            this.dictionary = dictionary;
            this.level = level;
        }

        @Override
        public int compress(byte[] json, byte[] out, int at) {
            Deflater d = deflaters.poll();
            d = d == null ? new Deflater(level, true) : d;
            try {
                d.setDictionary(dictionary);
                d.setInput(json);
                d.finish();
                int n = at;
                while (!d.finished()) {
                    if (n == out.length) {
                        return -1;
                    }
                    n += d.deflate(out, n, out.length - n);
                }
                return n - at;
            } finally {
                d.reset();
                deflaters.offer(d);
            }
        }

        @Override
        public void decompress(byte[] stored, int at, byte[] json) {
            Inflater inf = inflaters.poll();
            inf = inf == null ? new Inflater(true) : inf;
            try {
                // Raw deflate carries no dictionary id: the dictionary is given before the first byte.
                inf.setDictionary(dictionary);
                inf.setInput(stored, at, stored.length - at);
                int n = 0;
                while (n < json.length) {
                    int got = inf.inflate(json, n, json.length - n);
                    if (got == 0 && (inf.finished() || inf.needsInput())) {
                        throw new IllegalStateException("A packed snapshot ended early");
                    }
                    n += got;
                }
            } catch (DataFormatException e) {
                throw new IllegalStateException("A packed snapshot is corrupt", e);
            } finally {
                inf.reset();
                inflaters.offer(inf);
            }
        }
    }
}
