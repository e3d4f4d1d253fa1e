package io.queuemgr.registry;

/** Unsigned LEB128 varints, and zigzag for signed values, as {@link SnapshotCuts} writes its cuts. */
final class Varints {

    private Varints() {
    }

    /** Writes {@code v} at {@code o}; answers where it ends. */
    static int write(byte[] out, int o, long v) {
        while ((v & ~0x7FL) != 0) {
            out[o++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        out[o++] = (byte) v;
        return o;
    }

    /** The varint at {@code pos[0]}, which is moved past it. */
    static long read(byte[] in, int[] pos) {
        long v = 0;
        for (int shift = 0;; shift += 7) {
            byte b = in[pos[0]++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }

    static long zigzag(long v) {
        return v << 1 ^ v >> 63;
    }

    static long unzigzag(long v) {
        return v >>> 1 ^ -(v & 1);
    }
}
