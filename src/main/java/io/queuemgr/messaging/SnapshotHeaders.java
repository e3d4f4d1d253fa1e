package io.queuemgr.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.queuemgr.task.Task;

/**
 * What readers need of a snapshot without parsing its JSON, in record headers: its version, status, start and finish
 * and result fingerprint in one header, the seal ({@code qm-stamp}), so that readers can skip a snapshot they do not
 * need (one they already hold, or one that is not final); and the instance that wrote it, which is the owner of the
 * task's queue for every snapshot after the submission. Records of earlier releases carry these in single headers,
 * which are still read when a record has no seal.
 */
public final class SnapshotHeaders {

    static final String VERSION = "qm-version";
    static final String STATUS = "qm-status";
    static final String DUE = "qm-due";
    static final String QUEUE = "qm-queue";
    static final String SUBMITTED_BY = "qm-submitted-by";
    static final String TYPE = "qm-type";
    static final String WRITER = "qm-writer";
    /** On the second tombstone of a task, the one that only clears the partition its id gives (see {@link #cleanup}). */
    static final String CLEANUP = "qm-cleanup";
    static final String TAG = "qm-tag";
    static final String STARTED = "qm-started";
    static final String FINISHED = "qm-finished";
    static final String FINGERPRINT = "qm-fingerprint";
    static final String STAMP = "qm-stamp";

    private SnapshotHeaders() {
    }

    /**
     * The headers of a snapshot written by the instance named {@code writer}: the writer, the seal ({@code qm-stamp}:
     * version, status, start and finish, see {@link SnapshotSeal}) last, and on the first snapshot, which is the
     * submission, its version and status, queue, type and submitter for the audit trail to read unparsed. Each header
     * costs every reader of the topic a parse and a string for its name, so a snapshot carries no more.
     */
    public static Headers of(Task task, String writer) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(WRITER, writer.getBytes(StandardCharsets.UTF_8));
        if (task.version() == 1) {
            headers.add(VERSION, Long.toString(task.version()).getBytes(StandardCharsets.US_ASCII));
            headers.add(STATUS, task.status().name().getBytes(StandardCharsets.US_ASCII));
            headers.add(QUEUE, task.queue().getBytes(StandardCharsets.UTF_8));
            headers.add(TYPE, task.type().getBytes(StandardCharsets.UTF_8));
            if (task.submittedBy() != null) {
                headers.add(SUBMITTED_BY, task.submittedBy().getBytes(StandardCharsets.UTF_8));
            }
        }
        headers.add(STAMP, SnapshotSeal.valueOf(task).getBytes(StandardCharsets.US_ASCII));
        return headers;
    }

    /**
     * Names the work a completed snapshot did (its result fingerprint), or marks it as no source of results with an
     * empty value, so that the result cache reads it without parsing the snapshot.
     */
    public static void addFingerprint(Headers headers, String fingerprint) {
        Header seal = headers.lastHeader(STAMP);
        if (seal == null) {
            headers.add(FINGERPRINT, fingerprint.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        byte[] sealed = (new String(seal.value(), StandardCharsets.US_ASCII) + ";" + fingerprint)
                .getBytes(StandardCharsets.US_ASCII);
        headers.remove(STAMP);
        headers.add(STAMP, sealed);
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

    /**
     * The same tombstone, marked as the one that goes to the partition the task's id gives, where an earlier version
     * put its snapshots: it is there for compaction. A reader drops the task on it too (the snapshots an earlier
     * version wrote may be read after the tombstone on the queue's partition), but tells no watcher of it: the
     * tombstone on the queue's partition is the deletion.
     */
    public static Headers cleanup(Headers tombstone) {
        RecordHeaders headers = new RecordHeaders(tombstone.toArray());
        headers.add(CLEANUP, new byte[]{'1'});
        return headers;
    }

    /** Whether the tombstone is a task's second one (see {@link #cleanup}). */
    public static boolean isCleanup(Headers headers) {
        return headers.lastHeader(CLEANUP) != null;
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
}
