package io.queuemgr.history;

/**
 * JSON text as PostgreSQL's jsonb takes it. jsonb refuses the escape {@code \u0000} and unpaired surrogate escapes,
 * which valid JSON may hold (a command's output with a NUL byte): such escapes become U+FFFD, so that one task's output
 * cannot stop history from being written.
 */
final class JsonbText {

    private static final String REPLACEMENT = "\\ufffd";

    private JsonbText() {
    }

    static String of(String json) {
        if (json.indexOf("\\u") < 0 || !needsCare(json)) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length());
        int i = 0;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c != '\\' || i + 1 >= json.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (json.charAt(i + 1) != 'u' || i + 6 > json.length()) {
                out.append(c).append(json.charAt(i + 1)); // any other escape, kept as it is
                i += 2;
                continue;
            }
            int unit = hex(json, i + 2);
            if (unit == 0 || Character.isLowSurrogate((char) unit)) {
                out.append(REPLACEMENT);
                i += 6;
            } else if (Character.isHighSurrogate((char) unit)) {
                int next = i + 12 <= json.length() && json.startsWith("\\u", i + 6) ? hex(json, i + 8) : -1;
                if (next >= 0 && Character.isLowSurrogate((char) next)) {
                    out.append(json, i, i + 12);
                    i += 12;
                } else {
                    out.append(REPLACEMENT);
                    i += 6;
                }
            } else {
                out.append(json, i, i + 6);
                i += 6;
            }
        }
        return out.toString();
    }

    /** Whether the text has a NUL or surrogate escape at all (a cheap look before the careful pass). */
    private static boolean needsCare(String json) {
        String lower = json.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("\\u0000") || lower.contains("\\ud8") || lower.contains("\\ud9")
                || lower.contains("\\uda") || lower.contains("\\udb") || lower.contains("\\udc")
                || lower.contains("\\udd") || lower.contains("\\ude") || lower.contains("\\udf");
    }

    private static int hex(String s, int from) {
        try {
            return Integer.parseInt(s.substring(from, from + 4), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
