package io.queuemgr.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * What a snapshot record's headers say of it, as readers of the status topic need it without parsing the JSON:
 * version, status, start and finish (epoch milliseconds) and, on a COMPLETED one, the result fingerprint (empty: no
 * source of results); -1 or null for what they do not say. Written as one header, {@code qm-stamp}, the seal, last
 * ({@link SnapshotHeaders#of}); read from the single headers of records written before it.
 */
public record SnapshotSeal(long version, TaskStatus status, long startedMs, long finishedMs, String fingerprint) {

    private static final TaskStatus[] STATUSES = TaskStatus.values();
    private static final byte[][] STATUS_NAMES = Arrays.stream(STATUSES)
            .map(st -> st.name().getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    /** Without a fingerprint: a snapshot that is not COMPLETED, or one that does not say. */
    public SnapshotSeal(long version, TaskStatus status, long startedMs, long finishedMs) {
        this(version, status, startedMs, finishedMs, null);
    }

    /** {@code version;STATUS;startedMs;finishedMs}, a time the task does not have left empty. */
    static String valueOf(Task task) {
        StringBuilder v = new StringBuilder(48).append(task.version()).append(';').append(task.status().name())
                .append(';');
        if (task.startedAt() != null) {
            v.append(task.startedAt().toEpochMilli());
        }
        v.append(';');
        if (task.finishedAt() != null) {
            v.append(task.finishedAt().toEpochMilli());
        }
        return v.toString();
    }

    /**
     * What the headers say: from the last header when it is the seal (only that header's name is made a string: Kafka's
     * client makes one of every name it is asked to compare, and that was a sixth of a replay's work,
     * docs/architecture.md, "Restart"); else from the single headers of earlier releases, in one pass, where a name
     * that comes twice counts the last time.
     */
    public static SnapshotSeal read(Headers headers) {
        Header[] all = headers.toArray();
        if (all.length > 0 && SnapshotHeaders.STAMP.equals(all[all.length - 1].key())) {
            SnapshotSeal sealed = sealed(all[all.length - 1].value());
            if (sealed != null) {
                return sealed;
            }
        }
        long version = -1;
        TaskStatus status = null;
        long started = -1;
        long finished = -1;
        String fingerprint = null;
        for (Header h : headers) {
            switch (h.key()) {
                case SnapshotHeaders.VERSION -> version = digits(h.value());
                case SnapshotHeaders.STATUS -> status = statusOf(h.value());
                case SnapshotHeaders.STARTED -> started = digits(h.value());
                case SnapshotHeaders.FINISHED -> finished = digits(h.value());
                case SnapshotHeaders.FINGERPRINT -> fingerprint = h.value() == null
                        ? null
                        : new String(h.value(), StandardCharsets.US_ASCII);
                default -> {
                }
            }
        }
        return new SnapshotSeal(version, status, started, finished, fingerprint);
    }

    /** A seal's value, or null when it is not one. */
    private static SnapshotSeal sealed(byte[] v) {
        if (v == null) {
            return null;
        }
        int[] at = new int[5];
        int fields = 0;
        for (int i = 0; i < v.length && fields < 4; i++) {
            if (v[i] == ';') {
                at[fields++] = i;
            }
        }
        if (fields < 3) {
            return null;
        }
        int end = fields == 4 ? at[3] : v.length;
        long version = digits(v, 0, at[0]);
        TaskStatus status = statusOf(Arrays.copyOfRange(v, at[0] + 1, at[1]));
        if (version < 0 || status == null) {
            return null;
        }
        long started = at[2] == at[1] + 1 ? -1 : digits(v, at[1] + 1, at[2]);
        long finished = end == at[2] + 1 ? -1 : digits(v, at[2] + 1, end);
        String fingerprint = fields == 4
                ? new String(v, end + 1, v.length - end - 1, StandardCharsets.US_ASCII)
                : null;
        return new SnapshotSeal(version, status, started, finished, fingerprint);
    }

    /** A non-negative decimal number, or -1 when the bytes are not one (or too long for a long). */
    private static long digits(byte[] value) {
        return value == null ? -1 : digits(value, 0, value.length);
    }

    private static long digits(byte[] value, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            byte b = value[i];
            if (b < '0' || b > '9') {
                return -1;
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    private static TaskStatus statusOf(byte[] value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < STATUSES.length; i++) {
            if (Arrays.equals(STATUS_NAMES[i], value)) {
                return STATUSES[i];
            }
        }
        return null;
    }
}
