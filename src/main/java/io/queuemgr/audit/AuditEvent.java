package io.queuemgr.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.task.TaskIds;

/**
 * One mutation someone made: who ({@code principal}), what ({@code action}, see {@link AuditActions}), on what
 * ({@code target}: a task id, queue name or token name; may be null) and when, with a few details. The id makes
 * recording idempotent: the same event written twice is one row.
 */
@RegisterForReflection
public record AuditEvent(UUID id, Instant at, String principal, String action, String target,
        Map<String, String> details) {

    static final int MAX_PRINCIPAL = 255;
    static final int MAX_ACTION = 64;
    static final int MAX_TARGET = 255;
    static final int MAX_DETAILS = 32;
    static final int MAX_DETAIL_KEY = 64;
    static final int MAX_DETAIL_VALUE = 1024;

    /**
     * Long texts are cut and characters no store can hold replaced rather than refused: a mutation is never kept from
     * its audit by its reason's text, and an event read from the topic can always be written to PostgreSQL.
     */
    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        principal = text(Objects.requireNonNull(principal, "principal"), MAX_PRINCIPAL);
        action = text(Objects.requireNonNull(action, "action"), MAX_ACTION);
        target = text(target, MAX_TARGET);
        details = bounded(details);
    }

    /**
     * A new event happening at {@code now}, with a time-ordered id. The time is kept to microseconds, as PostgreSQL
     * keeps it, so that the event reads back exactly as it was recorded.
     */
    public static AuditEvent of(Instant now, String principal, String action, String target,
            Map<String, String> details) {
        return new AuditEvent(TaskIds.newId(), now.truncatedTo(ChronoUnit.MICROS), principal, action, target, details);
    }

    private static Map<String, String> bounded(Map<String, String> details) {
        if (details == null || details.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : details.entrySet()) {
            if (out.size() == MAX_DETAILS) {
                break;
            }
            if (e.getKey() != null && e.getValue() != null) {
                out.put(text(e.getKey(), MAX_DETAIL_KEY), text(e.getValue(), MAX_DETAIL_VALUE));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String text(String text, int max) {
        if (text == null) {
            return null;
        }
        text = StorableTexts.of(text);
        if (text.length() <= max) {
            return text;
        }
        // One character is left for the ellipsis that marks the cut; a surrogate pair is never split.
        int end = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
        return text.substring(0, end) + "…";
    }
}
