package io.queuemgr.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * Status and version of a snapshot, repeated in record headers so that readers can skip a snapshot they do not
 * need (one they already hold, or one that is not final) without parsing its JSON; and the instance that wrote it,
 * which is the owner of the task's queue for every snapshot after the submission.
 */
public final class SnapshotHeaders {

    static final String VERSION = "qm-version";
    static final String STATUS = "qm-status";
    static final String DUE = "qm-due";
    static final String QUEUE = "qm-queue";
    static final String SUBMITTED_BY = "qm-submitted-by";
    static final String TYPE = "qm-type";
    static final String WRITER = "qm-writer";
    static final String TAG = "qm-tag";
    static final String STARTED = "qm-started";
    static final String FINISHED = "qm-finished";
    static final String FINGERPRINT = "qm-fingerprint";
    static final String STAMP = "qm-stamp";

    private SnapshotHeaders() {
    }

    /** The headers of a snapshot written by the instance named {@code writer}. */
    public static Headers of(Task task, String writer) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(WRITER, writer.getBytes(StandardCharsets.UTF_8));
        headers.add(VERSION, Long.toString(task.version()).getBytes(StandardCharsets.US_ASCII));
        headers.add(STATUS, task.status().name().getBytes(StandardCharsets.US_ASCII));
        if (task.version() == 1) {
            // The first snapshot is the submission: who, which queue and type, for the audit trail to read unparsed.
            headers.add(QUEUE, task.queue().getBytes(StandardCharsets.UTF_8));
            headers.add(TYPE, task.type().getBytes(StandardCharsets.UTF_8));
            if (task.submittedBy() != null) {
                headers.add(SUBMITTED_BY, task.submittedBy().getBytes(StandardCharsets.UTF_8));
            }
        }
        // The times the registry keeps beside the JSON: a replay at start then parses no snapshot it has seen before.
        if (task.startedAt() != null) {
            headers.add(STARTED, Long.toString(task.startedAt().toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
        }
        if (task.finishedAt() != null) {
            headers.add(FINISHED, Long.toString(task.finishedAt().toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
        }
        return headers;
    }

    /**
     * Names the work a completed snapshot did (its result fingerprint), or marks it as no source of results with an
     * empty value, so that the result cache reads it without parsing the snapshot.
     */
    public static void addFingerprint(Headers headers, String fingerprint) {
        headers.add(FINGERPRINT, fingerprint.getBytes(StandardCharsets.US_ASCII));
    }

    /** The fingerprint of a completed snapshot, empty when it is no source, null when the record does not say. */
    public static String fingerprint(Headers headers) {
        return text(headers, FINGERPRINT);
    }

    /** When the task started, in epoch milliseconds, or -1 when the record does not say. */
    public static long startedMs(Headers headers) {
        return number(headers, STARTED);
    }

    /** When the task finished, in epoch milliseconds, or -1 when the record does not say. */
    public static long finishedMs(Headers headers) {
        return number(headers, FINISHED);
    }

    /**
     * The headers of a tombstone written by the instance named {@code writer}, with what the task was filed under
     * (queue, type, one header per tag) when it is known, so that watchers can tell whose deletion it is.
     */
    public static Headers tombstone(String writer, String queue, String type, List<String> tags) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(WRITER, writer.getBytes(StandardCharsets.UTF_8));
        if (queue != null) {
            headers.add(QUEUE, queue.getBytes(StandardCharsets.UTF_8));
            headers.add(TYPE, type.getBytes(StandardCharsets.UTF_8));
            tags.forEach(tag -> headers.add(TAG, tag.getBytes(StandardCharsets.UTF_8)));
        }
        return headers;
    }

    /** The tags a tombstone names, in order; empty when it names none. */
    public static List<String> tags(Headers headers) {
        List<String> tags = new ArrayList<>();
        headers.headers(TAG).forEach(h -> tags.add(new String(h.value(), StandardCharsets.UTF_8)));
        return tags;
    }

    /** The instance that wrote a snapshot or tombstone; null on a record written before writers were named. */
    public static String writer(Headers headers) {
        return text(headers, WRITER);
    }

    /** Who submitted the task, on its first snapshot; null on the others. */
    public static String submittedBy(Headers headers) {
        return text(headers, SUBMITTED_BY);
    }

    /** The task's type, on its first snapshot or its tombstone; null on the others. */
    public static String type(Headers headers) {
        return text(headers, TYPE);
    }

    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Headers of a retry record: when it is due (epoch milliseconds) and the task's queue. */
    public static Headers retry(java.time.Instant due, String queue) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DUE, Long.toString(due.toEpochMilli()).getBytes(StandardCharsets.US_ASCII));
        headers.add(QUEUE, queue.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The queue a retry record's (or a first snapshot's, or a tombstone's) task belongs to, or null. */
    public static String queue(Headers headers) {
        Header h = headers.lastHeader(QUEUE);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** When a retry record is due, in epoch milliseconds, or -1 when it does not say. */
    public static long dueMillis(Headers headers) {
        return number(headers, DUE);
    }

    /** The snapshot's version, or -1 when the record does not say. */
    public static long version(Headers headers) {
        return number(headers, VERSION);
    }

    /** A header holding a non-negative number, or -1 when it is missing or unreadable. */
    private static long number(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        if (h == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(h.value(), StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * What a snapshot record's headers say of it, read in one pass without making strings of the values: version,
     * status, start and finish (epoch milliseconds); -1 or null for what they do not say, as the single readers give.
     */
    public record Stamp(long version, TaskStatus status, long startedMs, long finishedMs, String fingerprint) {

        /** Without a fingerprint: a snapshot that is not COMPLETED, or one that does not say. */
        public Stamp(long version, TaskStatus status, long startedMs, long finishedMs) {
            this(version, status, startedMs, finishedMs, null);
        }
    }

    /**
     * Adds, last, one header that repeats what a reader of snapshots needs of the others:
     * {@code version;STATUS;startedMs;finishedMs} and, when the snapshot has one, {@code ;fingerprint} (a time it
     * does not have is empty). Readers look at the last header only: Kafka's client makes a string of every header
     * name it is asked to compare, and that was a sixth of a replay's work (docs/architecture.md, "Restart"). The
     * single headers stay for readers of earlier releases.
     */
    public static void seal(Headers headers, Task task) {
        StringBuilder v = new StringBuilder(48).append(task.version()).append(';').append(task.status().name())
                .append(';');
        if (task.startedAt() != null) {
            v.append(task.startedAt().toEpochMilli());
        }
        v.append(';');
        if (task.finishedAt() != null) {
            v.append(task.finishedAt().toEpochMilli());
        }
        Header fingerprint = headers.lastHeader(FINGERPRINT);
        if (fingerprint != null) {
            v.append(';').append(new String(fingerprint.value(), StandardCharsets.US_ASCII));
        }
        headers.add(STAMP, v.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static final TaskStatus[] STATUSES = TaskStatus.values();
    private static final byte[][] STATUS_NAMES = Arrays.stream(STATUSES)
            .map(st -> st.name().getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    /**
     * See {@link Stamp}: from the last header when it is the stamp ({@link #seal}), else from the single headers in
     * one pass, where a name that comes twice counts the last time, as for the single readers.
     */
    public static Stamp stamp(Headers headers) {
        Header[] all = headers.toArray();
        if (all.length > 0 && STAMP.equals(all[all.length - 1].key())) {
            Stamp sealed = sealed(all[all.length - 1].value());
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
                case VERSION -> version = digits(h.value());
                case STATUS -> status = statusOf(h.value());
                case STARTED -> started = digits(h.value());
                case FINISHED -> finished = digits(h.value());
                case FINGERPRINT -> fingerprint = h.value() == null
                        ? null
                        : new String(h.value(), StandardCharsets.US_ASCII);
                default -> {
                }
            }
        }
        return new Stamp(version, status, started, finished, fingerprint);
    }

    /** A stamp's value, or null when it is not one. */
    private static Stamp sealed(byte[] v) {
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
        String fingerprint = fields == 4 ? new String(v, end + 1, v.length - end - 1, StandardCharsets.US_ASCII) : null;
        return new Stamp(version, status, started, finished, fingerprint);
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

    /** The snapshot's status, or null when the record does not say. */
    public static TaskStatus status(Headers headers) {
        Header h = headers.lastHeader(STATUS);
        if (h == null) {
            return null;
        }
        try {
            return TaskStatus.valueOf(new String(h.value(), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
