package io.queuemgr.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The detail keys callers share, and the common shapes of details: whether the service did what was asked
 * ({@code outcome}), and why not ({@code reason}).
 */
public final class AuditDetails {

    public static final String OUTCOME = "outcome";
    public static final String REASON = "reason";
    public static final String QUEUE = "queue";
    public static final String TYPE = "type";
    public static final String ACCEPTED = "accepted";
    public static final String REFUSED = "refused";

    private AuditDetails() {
    }

    /** {@code outcome=accepted} plus the given key/value pairs (null values are left out). */
    public static Map<String, String> accepted(String... keysAndValues) {
        return with(ACCEPTED, null, keysAndValues);
    }

    /** {@code outcome=refused}, the reason, plus the given key/value pairs (null values are left out). */
    public static Map<String, String> refused(String reason, String... keysAndValues) {
        return with(REFUSED, reason, keysAndValues);
    }

    /** The details with {@code outcome} set (null details are none). */
    public static Map<String, String> withOutcome(String outcome, Map<String, String> details) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(OUTCOME, outcome);
        if (details != null) {
            details.forEach((k, v) -> {
                if (!OUTCOME.equals(k)) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    private static Map<String, String> with(String outcome, String reason, String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Details come in key/value pairs");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(OUTCOME, outcome);
        if (reason != null) {
            out.put(REASON, reason);
        }
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                out.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return out;
    }
}
