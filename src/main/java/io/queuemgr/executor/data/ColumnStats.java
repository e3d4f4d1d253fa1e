package io.queuemgr.executor.data;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The statistics of one column, kept in bounded memory: counts of at most {@code distinctLimit} values (each cut
 * to {@link #KEY_CHARS} characters), and the mean and deviation of its numbers by Welford's method.
 */
final class ColumnStats {

    static final int KEY_CHARS = 200;
    private static final int TOP = 5;

    private final int distinctLimit;
    private final Map<String, long[]> counts = new HashMap<>();
    private boolean distinctOverflow;
    private long present;
    private long numbers;
    private double mean;
    private double squares;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private int minLength = Integer.MAX_VALUE;
    private int maxLength;

    ColumnStats(int distinctLimit) {
        this.distinctLimit = distinctLimit;
    }

    void add(JsonNode value) {
        String text = Row.text(value);
        if (text == null || text.isEmpty()) {
            return;
        }
        present++;
        minLength = Math.min(minLength, text.length());
        maxLength = Math.max(maxLength, text.length());
        count(text.length() > KEY_CHARS ? text.substring(0, KEY_CHARS) : text);
        double number = value.isNumber() ? value.asDouble() : Numbers.parse(text);
        if (!Double.isNaN(number)) {
            numbers++;
            double delta = number - mean;
            mean += delta / numbers;
            squares += delta * (number - mean);
            min = Math.min(min, number);
            max = Math.max(max, number);
        }
    }

    private void count(String key) {
        long[] seen = counts.get(key);
        if (seen != null) {
            seen[0]++;
        } else if (counts.size() < distinctLimit) {
            counts.put(key, new long[]{1});
        } else {
            distinctOverflow = true;
        }
    }

    /** The column's statistics over {@code rows} rows; rows without a value count as empty. */
    ObjectNode toJson(long rows) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("count", present);
        json.put("empty", rows - present);
        json.put("distinct", counts.size() + (distinctOverflow ? 1 : 0));
        json.put("distinctExact", !distinctOverflow);
        if (present > 0) {
            json.put("minLength", minLength);
            json.put("maxLength", maxLength);
        }
        if (numbers > 0) {
            ObjectNode numeric = json.putObject("numeric");
            numeric.put("count", numbers);
            numeric.put("min", min);
            numeric.put("max", max);
            numeric.put("mean", mean);
            numeric.put("stddev", numbers > 1 ? Math.sqrt(squares / (numbers - 1)) : 0.0);
        }
        ObjectNode top = json.putObject("topValues");
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP).forEach(e -> top.put(e.getKey(), e.getValue()[0]));
        json.put("topValuesExact", !distinctOverflow);
        return json;
    }
}
