package io.queuemgr.audit;

/**
 * Text as Kafka's JSON and PostgreSQL's text columns take it. PostgreSQL's text refuses U+0000 and Jackson cannot
 * write an unpaired surrogate; refusing an event would lose the audit of a mutation (or, read from the topic, stop the
 * projector at that record for good), so such characters become U+FFFD instead.
 */
final class StorableTexts {

    private StorableTexts() {
    }

    static String of(String text) {
        if (text == null || clean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '\u0000' || Character.isSurrogate(c)) {
                out.append('\ufffd');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
