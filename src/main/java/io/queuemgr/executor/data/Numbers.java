package io.queuemgr.executor.data;

/** Telling numbers from text cheaply: parsing every value of a large file and catching the failures is slow. */
final class Numbers {

    private Numbers() {
    }

    /** Whether the text may be a decimal number: it starts with a digit, a sign or a point and is short. */
    static boolean looksNumeric(String text) {
        if (text == null || text.isEmpty() || text.length() > 40) {
            return false;
        }
        char first = text.charAt(0);
        return (first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.';
    }

    /** The value as a finite double, or NaN when it is not a decimal number. */
    static double parse(String text) {
        if (!looksNumeric(text)) {
            return Double.NaN;
        }
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
