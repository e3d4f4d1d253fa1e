package io.queuemgr.queue;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** At most {@code permits} task starts per {@code per}, written like {@code 100/hour}. */
public record RateLimit(long permits, Duration per) {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*([a-z]+)\\s*");

    /** The limit a text names, or null when the text is not of the form {@code N/unit}. */
    public static RateLimit parse(String text) {
        Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long permits = Long.parseLong(m.group(1));
        Duration per = switch (m.group(2)) {
            case "s", "sec", "second" -> Duration.ofSeconds(1);
            case "m", "min", "minute" -> Duration.ofMinutes(1);
            case "h", "hour" -> Duration.ofHours(1);
            case "d", "day" -> Duration.ofDays(1);
            default -> null;
        };
        return per == null || permits < 1 ? null : new RateLimit(permits, per);
    }

    @Override
    public String toString() {
        String unit = per.equals(Duration.ofSeconds(1))
                ? "second"
                : per.equals(Duration.ofMinutes(1))
                        ? "minute"
                        : per.equals(Duration.ofHours(1)) ? "hour" : "day";
        return permits + "/" + unit;
    }
}
