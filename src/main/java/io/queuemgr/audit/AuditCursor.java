package io.queuemgr.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of the trail ends: the time and id of its last entry. Listings are ordered by both, so the next page
 * starts strictly after it, and entries recorded meanwhile neither repeat nor shift the pages. Opaque to clients.
 */
public record AuditCursor(Instant at, UUID id) {

    static AuditCursor after(AuditEvent last) {
        return new AuditCursor(last.at(), last.id());
    }

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
        String plain = micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or {@link IllegalArgumentException} when the text is not one this service gave out. */
    public static AuditCursor decode(String text) {
        String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        int colon = plain.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no separator");
        }
        long micros = Long.parseLong(plain.substring(0, colon));
        UUID id = UUID.fromString(plain.substring(colon + 1));
        return new AuditCursor(Instant.EPOCH.plusSeconds(Math.floorDiv(micros, 1_000_000L))
                .plusNanos(Math.floorMod(micros, 1_000_000L) * 1000), id);
    }
}
