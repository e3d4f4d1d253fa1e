package io.queuemgr.registry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import io.queuemgr.json.IsoNanos;

/**
 * What of a finished snapshot's JSON the registry keeps as numbers instead of text before the rest is compressed
 * ({@link PackedJson}): the id, which the table's columns hold already, and the four clock times (created, started,
 * finished, updated). Compression leaves little else of a small snapshot: a noop task's 400 bytes pack into 149
 * with them and 65 without. Each cut keeps its place, so the JSON comes back byte for byte; a time written in any
 * other form than the codec's (ISO-8601 in UTC, with 0, 3, 6 or 9 fraction digits as the value needs) stays text.
 * <p>
 * The id is cut where it stands: first, as the task record declares it, or among the others, as the service's mapper
 * writes it (fields sorted by name). The cuts as bytes: their count, then for each its kind (0 the id first, 1-4 a
 * time, 5 the id elsewhere), its place as the distance from the previous cut's place in what is left, and for a time
 * its nanoseconds since the epoch, zigzag-coded, as a difference from the previous time cut (the first from 0). All
 * numbers are varints.
 */
final class SnapshotCuts {

    private static final byte[] ID_FIELD = ascii("\"id\":\"");
    /** The id anywhere but first, as a mapper that sorts the fields writes it: {@code ,"id":"…"}. */
    private static final byte[] ID_AFTER = ascii(",\"id\":\"");
    private static final int ID_FIRST = 0;
    private static final int ID_INSIDE = 1 + 4;
    private static final int ID_LENGTH = 36;
    private static final byte[][] TIMES = {ascii(",\"createdAt\":\""), ascii(",\"startedAt\":\""),
            ascii(",\"finishedAt\":\""), ascii(",\"updatedAt\":\"")};
    /** The shortest time field: {@code ,"startedAt":"2026-11-30T22:44:27Z"}. */
    private static final int MIN_TIME_FIELD = 13 + 20 + 1;
    /** The longest time text the codec writes: {@code 2026-11-30T22:44:27.144553512Z}. */
    private static final int MAX_TIME = 30;
    /** The count, and per cut its kind, place (varint) and value (varint). */
    private static final int MAX_CUTS_BYTES = 1 + (1 + TIMES.length) * (1 + 5 + 10);

    private SnapshotCuts() {
    }

    /** The JSON without its cuts, and the cuts as bytes. */
    record Cut(byte[] rest, byte[] cuts) {
    }

    static Cut cut(byte[] json, UUID id) {
        int[] from = new int[1 + TIMES.length];
        int[] to = new int[from.length];
        long[] value = new long[from.length];
        int n = 0;
        if (idAt(json, id)) {
            from[0] = 1;
            to[0] = 1 + ID_FIELD.length + ID_LENGTH + 2;
            n = 1;
        }
        int[] kind = new int[from.length];
        boolean[] found = new boolean[TIMES.length];
        byte[] idText = n == 0 ? ascii(id.toString()) : null;
        // One pass over the structural commas: a '"' inside a JSON string is always escaped, so ',"' is a field.
        for (int i = n == 0 ? 0 : to[0]; i < json.length - MIN_TIME_FIELD && n < from.length; i++) {
            if (json[i] != ',' || json[i + 1] != '"') {
                continue;
            }
            if (idText != null && idAfter(json, i, idText)) {
                kind[n] = ID_INSIDE;
                from[n] = i;
                to[n] = i + ID_AFTER.length + ID_LENGTH + 1;
                n++;
                i = to[n - 1] - 1;
                idText = null;
                continue;
            }
            int k = timeField(json, i, found);
            if (k < 0) {
                continue;
            }
            int start = i + TIMES[k].length;
            int end = start;
            while (end < json.length && end - start <= MAX_TIME && json[end] != '"') {
                end++;
            }
            long nanos = end < json.length && json[end] == '"' ? IsoNanos.parse(json, start, end) : Long.MIN_VALUE;
            if (nanos != Long.MIN_VALUE) {
                found[k] = true;
                kind[n] = k + 1;
                from[n] = i;
                to[n] = end + 1;
                value[n] = nanos;
                n++;
                i = end;
            }
        }
        if (n == 0) {
            return new Cut(json, new byte[]{0});
        }
        byte[] cuts = new byte[MAX_CUTS_BYTES];
        int c = Varints.write(cuts, 0, n);
        int removed = 0;
        int lastPlace = 0;
        long lastTime = 0;
        byte[] rest = new byte[json.length - totalLength(from, to, n)];
        int r = 0;
        int copied = 0;
        for (int i = 0; i < n; i++) {
            int place = from[i] - removed;
            cuts[c++] = (byte) kind[i];
            c = Varints.write(cuts, c, place - lastPlace);
            if (isTime(kind[i])) {
                c = Varints.write(cuts, c, Varints.zigzag(value[i] - lastTime));
                lastTime = value[i];
            }
            lastPlace = place;
            System.arraycopy(json, copied, rest, r, from[i] - copied);
            r += from[i] - copied;
            copied = to[i];
            removed += to[i] - from[i];
        }
        System.arraycopy(json, copied, rest, r, json.length - copied);
        return new Cut(rest, Arrays.copyOf(cuts, c));
    }

    /** Where the cuts written at {@code at} end. */
    static int skip(byte[] cuts, int at) {
        int[] pos = {at};
        long n = Varints.read(cuts, pos);
        for (long i = 0; i < n; i++) {
            int kind = cuts[pos[0]++];
            Varints.read(cuts, pos);
            if (isTime(kind)) {
                Varints.read(cuts, pos);
            }
        }
        return pos[0];
    }

    /** The JSON again: {@code rest} with the cuts written at {@code at} put back. */
    static byte[] restore(byte[] rest, byte[] cuts, int at, UUID id) {
        int[] pos = {at};
        int n = (int) Varints.read(cuts, pos);
        if (n == 0) {
            return rest;
        }
        byte[] out = new byte[rest.length + n * (ID_FIELD.length + ID_LENGTH + 2 + MAX_TIME + 16)];
        int o = 0;
        int copied = 0;
        int place = 0;
        long time = 0;
        for (int i = 0; i < n; i++) {
            int kind = cuts[pos[0]++];
            place += (int) Varints.read(cuts, pos);
            System.arraycopy(rest, copied, out, o, place - copied);
            o += place - copied;
            copied = place;
            if (kind == ID_FIRST) {
                o = put(out, o, ID_FIELD);
                o = put(out, o, ascii(id.toString()));
                out[o++] = '"';
                out[o++] = ',';
            } else if (kind == ID_INSIDE) {
                o = put(out, o, ID_AFTER);
                o = put(out, o, ascii(id.toString()));
                out[o++] = '"';
            } else {
                time += Varints.unzigzag(Varints.read(cuts, pos));
                o = put(out, o, TIMES[kind - 1]);
                o = IsoNanos.write(out, o, time);
                out[o++] = '"';
            }
        }
        System.arraycopy(rest, copied, out, o, rest.length - copied);
        return Arrays.copyOf(out, o + rest.length - copied);
    }

    private static boolean idAt(byte[] json, UUID id) {
        if (json.length < 1 + ID_FIELD.length + ID_LENGTH + 2 || json[0] != '{') {
            return false;
        }
        for (int i = 0; i < ID_FIELD.length; i++) {
            if (json[1 + i] != ID_FIELD[i]) {
                return false;
            }
        }
        byte[] text = ascii(id.toString());
        int at = 1 + ID_FIELD.length;
        return Arrays.equals(json, at, at + ID_LENGTH, text, 0, ID_LENGTH) && json[at + ID_LENGTH] == '"'
                && json[at + ID_LENGTH + 1] == ',';
    }

    private static boolean isTime(int kind) {
        return kind > ID_FIRST && kind < ID_INSIDE;
    }

    /** Whether the task's id field, {@code ,"id":"…"}, starts at {@code at}. */
    private static boolean idAfter(byte[] json, int at, byte[] idText) {
        int end = at + ID_AFTER.length + ID_LENGTH;
        return json[at + 2] == 'i' && end < json.length && json[end] == '"'
                && Arrays.equals(json, at, at + ID_AFTER.length, ID_AFTER, 0, ID_AFTER.length)
                && Arrays.equals(json, at + ID_AFTER.length, end, idText, 0, ID_LENGTH);
    }

    /** Which time field not found yet starts at {@code at}, or -1. */
    private static int timeField(byte[] json, int at, boolean[] found) {
        int k = switch (json[at + 2]) {
            case 'c' -> 0;
            case 's' -> 1;
            case 'f' -> 2;
            case 'u' -> 3;
            default -> -1;
        };
        return k >= 0 && !found[k] && Arrays.equals(json, at, at + TIMES[k].length, TIMES[k], 0, TIMES[k].length)
                ? k
                : -1;
    }

    private static int totalLength(int[] from, int[] to, int n) {
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += to[i] - from[i];
        }
        return total;
    }

    private static int put(byte[] out, int o, byte[] bytes) {
        System.arraycopy(bytes, 0, out, o, bytes.length);
        return o + bytes.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
