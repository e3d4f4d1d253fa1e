package io.queuemgr.history;

import java.util.List;

/**
 * A list of strings as PostgreSQL's text form of a one-dimensional text[]: every element quoted, with {@code "} and
 * {@code \} escaped, so that commas, braces, spaces and the word NULL stay plain text.
 */
final class PgArrayLiteral {

    private PgArrayLiteral() {
    }

    static String of(List<String> values) {
        if (values.isEmpty()) {
            return "{}";
        }
        StringBuilder out = new StringBuilder(2 + values.size() * 16).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"');
            String v = values.get(i);
            for (int j = 0; j < v.length(); j++) {
                char c = v.charAt(j);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }
}
