package io.queuemgr.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Random and mutated JSON from one seeded generator: awkward text, edge-case numbers, deep and huge values, and
 * mutations of valid documents at the level of bytes (flips, cuts, splices) and of fields (wrong types, unknown
 * fields, missing fields).
 */
final class JsonFuzz {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Pieces of awkward text: scripts, emoji, direction marks, controls, markup, paths, escapes. */
    private static final List<String> PIECES = List.of("a", "Z", "0", " ", "-", "_", ".", "/", "é", "ü", "ß", "漢字",
            "😀", "\u202E", "\u200B", "\uFEFF", "\n", "\t", "\r", "\u0001", "\u001F", "\\", "\"", "'", "<script>",
            "../", "%00", "%s", "${x}", "{{x}}", "؟", "Ω", "\u00A0", "ﬁ", "\uFFFD");
    private static final List<String> NUMBERS = List.of("0", "-0", "1", "-1", "5", "9", "10", "100", "2147483647",
            "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "18446744073709551621",
            "123456789012345678901234567890", "1.5", "-0.0", "1e3", "1E400", "-1e400", "1e-400", "0.1e1", "5.0");
    private static final List<String> TOKENS = List.of("null", "true", "false", "{", "}", "[", "]", ",", ":", "\"",
            "\"\"", "{}", "[]", "0", "-", "1e", "01", "+1", "NaN", "Infinity", "'x'", "/*c*/", "\\", "\\u12",
            "\\ud800", "\u0000", "\uFFFF");

    private final SplittableRandom r;

    JsonFuzz(SplittableRandom r) {
        this.r = r;
    }

    SplittableRandom random() {
        return r;
    }

    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    int between(int lo, int hiInclusive) {
        return r.nextInt(lo, hiInclusive + 1);
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    /** Awkward text up to {@code maxLength} characters; a NUL or an unpaired surrogate now and then. */
    String text(int maxLength) {
        StringBuilder s = new StringBuilder();
        int length = between(0, maxLength);
        while (s.length() < length) {
            double roll = r.nextDouble();
            if (roll < 0.01) {
                s.append('\u0000');
            } else if (roll < 0.02) {
                s.append(pick('\uD800', '\uDFFF', '\uDBFF'));
            } else if (roll < 0.6) {
                s.append((char) between(0x20, 0x7E));
            } else {
                s.append(pick(PIECES));
            }
        }
        return s.toString();
    }

    /**
     * Awkward text that is well-formed UTF-16: without unpaired surrogates, which the Kafka client would encode in
     * fewer bytes than it counted, corrupting the whole batch.
     */
    String wellFormedText(int maxLength) {
        StringBuilder s = new StringBuilder(text(maxLength));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                s.setCharAt(i, '?');
            }
        }
        return s.toString();
    }

    /** Plain ASCII letters and digits: names that are well-formed wherever a name is expected. */
    String word(int minLength, int maxLength) {
        StringBuilder s = new StringBuilder();
        int length = between(minLength, maxLength);
        for (int i = 0; i < length; i++) {
            s.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        }
        return s.toString();
    }

    /** The text as a JSON string literal, with controls, NUL and unpaired surrogates written as escapes. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !paired && !isLowAfterHigh(text, i)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static boolean isLowAfterHigh(String text, int i) {
        return Character.isLowSurrogate(text.charAt(i)) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    String number() {
        return pick(NUMBERS);
    }

    /** Any JSON value, nested up to {@code depth} levels. */
    String value(int depth) {
        int kind = r.nextInt(depth <= 0 ? 5 : 7);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> pick("true", "false");
            case 2 -> number();
            case 3, 4 -> quoted(text(24));
            case 5 -> {
                StringBuilder a = new StringBuilder("[");
                int n = between(0, 4);
                for (int i = 0; i < n; i++) {
                    a.append(i == 0 ? "" : ",").append(value(depth - 1));
                }
                yield a.append(']').toString();
            }
            default -> {
                StringBuilder o = new StringBuilder("{");
                int n = between(0, 4);
                for (int i = 0; i < n; i++) {
                    o.append(i == 0 ? "" : ",").append(quoted(chance(0.5) ? word(1, 8) : text(12))).append(':')
                            .append(value(depth - 1));
                }
                yield o.append('}').toString();
            }
        };
    }

    /** Arrays and objects nested {@code levels} deep around a value; over 1000 levels is beyond any JSON limit. */
    String deep(int levels) {
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            if (r.nextBoolean()) {
                open.append('[');
                close.append(']');
            } else {
                open.append("{\"k\":");
                close.append('}');
            }
        }
        return open + "1" + close.reverse();
    }

    /** A string value of about {@code chars} characters. */
    String longString(int chars) {
        String unit = pick("x", "é", "😀", "ab\\n", "\\u0041");
        StringBuilder s = new StringBuilder(chars + 2).append('"');
        while (s.length() < chars) {
            s.append(unit);
        }
        return s.append('"').toString();
    }

    /** Random bytes: not UTF-8, not JSON. */
    byte[] bytes(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** A valid document followed by more content: a second value, or garbage. */
    String withTrailing(String json) {
        return json + pick(" " + json, "{}", "[1]", " x", "garbage", "\"", "}", "]", ",", " 1", "null", "\u0000",
                "\n{\"type\":\"noop\"}");
    }

    /** Small changes at the level of bytes: flips, cuts, repeats and splices; the result may still be valid. */
    byte[] mutateBytes(byte[] in) {
        byte[] b = in.clone();
        int edits = between(1, 3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[at] = (byte) (b[at] ^ (1 << r.nextInt(8)));
                case 1 -> b = splice(b, at, Math.min(b.length, at + between(1, 8)), new byte[0]);
                case 2 -> b = splice(b, at, at, pick(TOKENS).getBytes(StandardCharsets.UTF_8));
                case 3 -> b = splice(b, at, at, bytes(between(1, 4)));
                case 4 -> b = java.util.Arrays.copyOf(b, at);
                default -> {
                    int end = Math.min(b.length, at + between(1, 16));
                    b = splice(b, end, end, java.util.Arrays.copyOfRange(b, at, end));
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, from);
        out.writeBytes(insert);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }

    /**
     * A change to one field of an object that makes it wrong for sure: a value of another type, an unknown field, a
     * required field removed, or a value out of range. Fields named in {@code keep} are left alone.
     */
    ObjectNode breakField(ObjectNode document, List<String> keep) {
        ObjectNode d = document.deepCopy();
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = d.fieldNames(); it.hasNext();) {
            String n = it.next();
            if (!keep.contains(n)) {
                names.add(n);
            }
        }
        if (names.isEmpty() || chance(0.25)) {
            d.putRawValue(chance(0.5) ? "x" + word(1, 8) : text(20), new RawValue(value(2)));
            return d;
        }
        String field = pick(names);
        JsonNode current = d.get(field);
        d.putRawValue(field, new RawValue(wrongTypeFor(current)));
        return d;
    }

    /** A value of another JSON type than {@code current}. */
    String wrongTypeFor(JsonNode current) {
        if (current.isTextual()) {
            return pick("true", "[]", "{}", "[\"a\"]", "1.5", "-1");
        }
        if (current.isNumber()) {
            return pick("\"5\"", "true", "[]", "{}", "1.5", "-1", "18446744073709551621", "1e400");
        }
        if (current.isObject()) {
            return pick("\"{}\"", "1", "[]", "true", "[{}]");
        }
        if (current.isArray()) {
            return pick("\"a\"", "1", "{}", "[1]", "[null]", "[[]]");
        }
        return pick("\"x\"", "true", "[]", "{}");
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
