package io.queuemgr.events;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where an event stream stands on the status topic: for each partition, the offset of the next record it has not
 * passed. Written as {@code 0-12,1-40} (partition-offset pairs), the id of every event; a partition not named has
 * not been passed at all. Offsets are the topic's, so a position from one instance resumes on any other.
 */
final class StreamPosition {

    private static final Pattern FORM = Pattern.compile("\\d{1,6}-\\d{1,19}(,\\d{1,6}-\\d{1,19})*");

    private final TreeMap<Integer, Long> next;

    private StreamPosition(Map<Integer, Long> next) {
        this.next = new TreeMap<>(next);
    }

    static StreamPosition origin() {
        return new StreamPosition(Map.of());
    }

    /** Reads a position this service wrote; empty when the text is not one. */
    static java.util.Optional<StreamPosition> parse(String text) {
        if (text == null || !FORM.matcher(text.strip()).matches()) {
            return java.util.Optional.empty();
        }
        Map<Integer, Long> next = new TreeMap<>();
        try {
            for (String pair : text.strip().split(",")) {
                int dash = pair.indexOf('-');
                next.merge(Integer.parseInt(pair, 0, dash, 10), Long.parseLong(pair, dash + 1, pair.length(), 10),
                        Math::max);
            }
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new StreamPosition(next));
    }

    StreamPosition copy() {
        return new StreamPosition(next);
    }

    /** The offset of the next record not yet passed on the partition. */
    long next(int partition) {
        return next.getOrDefault(partition, 0L);
    }

    /** Whether the record at this position lies ahead, that is, has not been passed. */
    boolean ahead(int partition, long offset) {
        return offset >= next(partition);
    }

    /** Passes the record at this position (and everything before it on its partition). */
    void pass(int partition, long offset) {
        next.merge(partition, offset + 1, Math::max);
    }

    /** Passes everything the other position has passed. */
    void pass(StreamPosition other) {
        other.next.forEach((p, o) -> next.merge(p, o, Math::max));
    }

    /** Whether this position has passed, on some partition, more than the other has. */
    boolean beyond(StreamPosition other) {
        return next.entrySet().stream().anyMatch(e -> e.getValue() > other.next(e.getKey()));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        next.forEach((p, o) -> text.append(text.isEmpty() ? "" : ",").append(p).append('-').append(o));
        return text.toString();
    }
}
