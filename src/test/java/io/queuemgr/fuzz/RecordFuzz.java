package io.queuemgr.fuzz;

import static io.queuemgr.fuzz.JsonFuzz.quoted;
import static io.queuemgr.fuzz.JsonFuzz.utf8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Generates records for the submit topic: random bytes, random and mutated JSON, submissions wrong in one field or
 * followed by more content, huge values, keys and headers; and, every so often, a good submission that must run.
 * Generated submissions name the parked queue, so those that are accepted wait there and never run.
 */
final class RecordFuzz {

    /** Every this many records, a good submission. */
    static final int GOOD_EVERY = 20;
    /** A record must stay below the broker's limit (about 1 MiB) to be sent at all. */
    private static final int MAX_RECORD = 1_000_000;

    /** One generated record and what must become of it. */
    record FuzzRecord(int index, String what, byte[] key, byte[] value, List<Header> headers, Fate fate,
            UUID goodId) {

        String describe() {
            String text = value == null
                    ? "null"
                    : new String(value, 0, Math.min(value.length, 200),
                            StandardCharsets.UTF_8);
            return "#" + index + " " + what + ": key " + (key == null ? "null" : key.length + " bytes") + ", value "
                    + (value == null ? "null" : value.length + " bytes: " + text.replace("\n", "\\n")) + ", "
                    + headers.size() + " headers";
        }

        int size() {
            int n = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
            for (Header h : headers) {
                n += h.key().length() + (h.value() == null ? 0 : h.value().length);
            }
            return n;
        }
    }

    /** What must become of a record. */
    enum Fate {
        /** A task that runs to COMPLETED. */
        COMPLETES,
        /** A rejection with a reason on the rejected topic. */
        REJECTED,
        /** Either of the two: a task (found by the record's key) or a rejection. */
        TASK_OR_REJECTED
    }

    private final String parked;
    private final String good;
    private final String tag;

    RecordFuzz(String parkedQueue, String goodQueue, String tag) {
        this.parked = parkedQueue;
        this.good = goodQueue;
        this.tag = tag;
    }

    static String goodKey(String tag, int index) {
        return "fz-good-" + tag + "-" + index;
    }

    FuzzRecord record(int index, SplittableRandom random) {
        JsonFuzz f = new JsonFuzz(random);
        if (index % GOOD_EVERY == 0) {
            UUID id = UUID.randomUUID();
            String value = "{\"id\":\"" + id + "\",\"type\":\"noop\",\"queue\":" + quoted(good)
                    + ",\"params\":{\"echo\":" + index + "}}";
            return new FuzzRecord(index, "good submission", utf8(goodKey(tag, index)), utf8(value), headers(f),
                    Fate.COMPLETES, id);
        }
        String template = template(f);
        byte[] key = f.chance(0.3) ? null : utf8("fz-" + tag + "-" + index);
        FuzzRecord r = switch (f.random().nextInt(20)) {
            case 0, 1, 2, 3 -> rejected(index, "mutated bytes", utf8("fz-e-" + tag + "-" + index),
                    f.mutateBytes(utf8(template)), f, Fate.TASK_OR_REJECTED);
            case 4 -> rejected(index, "random bytes", key, f.bytes(f.chance(0.05)
                    ? f.between(50_000, 900_000)
                    : f.between(1, 2000)), f, Fate.REJECTED);
            case 5 -> rejected(index, f.chance(0.5) ? "empty value" : "no value", key,
                    f.chance(0.5) ? new byte[0] : null, f, Fate.REJECTED);
            case 6 -> rejected(index, "random JSON", key, utf8(f.value(4)), f, Fate.REJECTED);
            case 7, 8 -> rejected(index, "valid JSON followed by more", key, utf8(f.withTrailing(template)), f,
                    Fate.REJECTED);
            case 9, 10 -> rejected(index, "a field of the wrong kind", key, utf8(f.breakField(
                    JsonFuzz.object(template), List.of("queue")).toString()), f, Fate.REJECTED);
            case 11 -> rejected(index, "nesting beyond any limit", key, utf8("{\"type\":\"noop\",\"queue\":"
                    + quoted(parked) + ",\"params\":{\"echo\":" + f.deep(f.between(1001, 20_000)) + "}}"), f,
                    Fate.REJECTED);
            case 12 -> rejected(index, "webhook with a URL that is not absolute http(s)", key,
                    utf8("{\"type\":\"webhook\",\"queue\":" + quoted(parked) + ",\"params\":{\"url\":"
                            + quoted(f.pick("not a url", "/relative", "ftp://x/y", "file:///etc/hosts", "http://",
                                    "http:///x", "//host/x", "", "http://a b/", "http://h:99999/"))
                            + "}}"),
                    f, Fate.REJECTED);
            case 13 -> rejected(index, "params over the size bound", key, utf8("{\"type\":\"noop\",\"queue\":"
                    + quoted(parked) + ",\"params\":{\"echo\":\"" + overBound(f) + "\"}}"), f, Fate.REJECTED);
            case 14 -> new FuzzRecord(index, "key too long for an idempotency key", utf8("fz-" + tag + "-" + index
                    + "-" + "k".repeat(f.chance(0.1) ? f.between(100_000, 400_000) : f.between(300, 5000))),
                    utf8(template), headers(f), Fate.REJECTED, null);
            case 15 -> {
                int earlier = index - index % GOOD_EVERY;
                yield new FuzzRecord(index, "the key of an earlier submission with another body",
                        utf8(goodKey(tag, earlier)), utf8("{\"type\":\"noop\",\"queue\":" + quoted(good)
                                + ",\"params\":{\"echo\":\"other-" + index + "\"}}"),
                        headers(f), Fate.REJECTED, null);
            }
            case 16 -> rejected(index, "unknown queue", key, utf8("{\"type\":\"noop\",\"queue\":\"nx-" + tag + "-"
                    + f.word(1, 10) + "\",\"params\":{}}"), f, Fate.REJECTED);
            case 17 -> rejected(index, "text PostgreSQL cannot store", key, utf8("{\"type\":\"noop\",\"queue\":"
                    + quoted(parked) + ",\"params\":{\"echo\":" + quoted(f.text(30) + "a" + f.pick("\u0000", "\uD800",
                            "\uDC00x"))
                    + "}}"), f, Fate.REJECTED);
            case 18 -> rejected(index, "numbers out of any range", key, utf8("{\"type\":\"noop\",\"queue\":"
                    + quoted(parked) + ",\"params\":{},\"" + f.pick("priority", "maxRetries", "timeoutSeconds")
                    + "\":" + f.pick("18446744073709551621", "-18446744073709551611", "1e400", "4294967301")
                    + "}"), f, Fate.REJECTED);
            default -> rejected(index, "a CloudEvent around something that is not a submission", key,
                    utf8("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/fz\",\"type\":\"t\",\"data\":"
                            + f.breakField(JsonFuzz.object(template), List.of("queue")) + "}"),
                    f, Fate.REJECTED);
        };
        if (r.size() > MAX_RECORD) {
            return new FuzzRecord(index, r.what() + " (cut to fit the broker)", r.key(), java.util.Arrays.copyOf(
                    r.value(), Math.max(0, r.value().length - (r.size() - MAX_RECORD))), List.of(), r.fate(), null);
        }
        return r;
    }

    /** Text whose serialized form is over the default params bound (256 KiB), however it is written. */
    private static String overBound(JsonFuzz f) {
        return switch (f.random().nextInt(3)) {
            case 0 -> "x".repeat(f.between(270_000, 900_000));
            case 1 -> "é".repeat(f.between(140_000, 450_000));
            // Sent as 4 bytes, written as a 12-byte escape pair.
            default -> "😀".repeat(f.between(25_000, 220_000));
        };
    }

    private FuzzRecord rejected(int index, String what, byte[] key, byte[] value, JsonFuzz f, Fate fate) {
        byte[] k = key;
        if (fate == Fate.REJECTED && key != null && f.chance(0.05)) {
            k = f.bytes(f.between(1, 64));
        }
        return new FuzzRecord(index, what, k, value, headers(f), fate, null);
    }

    /** Submissions that would harm nothing even if they ran; they name the parked queue, so none does. */
    private String template(JsonFuzz f) {
        String q = quoted(parked);
        return switch (f.random().nextInt(4)) {
            case 0 -> "{\"type\":\"noop\",\"queue\":" + q + ",\"params\":{\"durationMs\":" + f.between(0, 50)
                    + ",\"echo\":" + f.value(3) + "},\"priority\":" + f.between(0, 9) + ",\"tags\":[\"a\"]}";
            case 1 -> "{\"type\":\"command\",\"queue\":" + q + ",\"params\":{\"command\":\"true\",\"args\":[\"x\"]},"
                    + "\"maxRetries\":0,\"timeoutSeconds\":10,\"category\":\"fz\"}";
            case 2 -> "{\"type\":\"webhook\",\"queue\":" + q + ",\"params\":{\"url\":\"http://127.0.0.1:1/hook\","
                    + "\"headers\":{\"X-A\":\"b\"},\"expectedStatus\":[200,201]}}";
            default -> "{\"type\":\"noop\",\"queue\":" + q + ",\"params\":{}}";
        };
    }

    private static List<Header> headers(JsonFuzz f) {
        List<Header> headers = new ArrayList<>();
        int n = f.chance(0.3) ? f.between(1, 20) : 0;
        for (int i = 0; i < n; i++) {
            String name = f.chance(0.2)
                    ? f.pick("ce_specversion", "ce_type", "ce_id", "content-type", "ce_source")
                    : f.wellFormedText(20);
            byte[] value = f.chance(0.1)
                    ? null
                    : f.chance(0.02) ? f.bytes(f.between(50_000, 200_000)) : f.bytes(f.between(0, 100));
            headers.add(new RecordHeader(name, value));
        }
        return headers;
    }
}
