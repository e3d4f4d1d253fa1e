package io.queuemgr.task;

import java.security.SecureRandom;
import java.util.UUID;

/** Time-ordered task ids (UUID version 7): ids sort by creation time, which keeps listings and cursors cheap. */
public final class TaskIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TaskIds() {
    }

    public static UUID newId() {
        return fromParts(System.currentTimeMillis(), RANDOM.nextLong(), RANDOM.nextLong());
    }

    /**
     * An id that is the same every time for the same inputs: a Kafka submission read twice after a crash must
     * become the same task, not two.
     */
    public static UUID deterministic(long epochMillis, long seedA, long seedB) {
        long mix = seedA * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(seedB, 31) * 0xC2B2AE3D27D4EB4FL;
        return fromParts(epochMillis, mix, Long.rotateLeft(mix, 17) ^ seedB);
    }

    /** The time a version 7 id carries (for ids made here: about when the task was made); empty for others. */
    public static java.util.Optional<java.time.Instant> timeOf(UUID id) {
        return id.version() == 7 && id.variant() == 2
                ? java.util.Optional.of(java.time.Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16))
                : java.util.Optional.empty();
    }

    private static UUID fromParts(long epochMillis, long randA, long randB) {
        long msb = (epochMillis & 0xFFFFFFFFFFFFL) << 16 | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
