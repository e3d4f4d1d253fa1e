package io.queuemgr.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A cron expression in a time zone, and the instants it names. Five fields are Unix cron (minute hour day-of-month
 * month day-of-week), as crontab and Kubernetes CronJobs write it; six put seconds first (Spring's form of cron-utils),
 * which keeps Unix's day numbers (1 = Monday) rather than Quartz's (1 = Sunday) and does not demand Quartz's
 * {@code ?}, so that adding seconds to an expression changes nothing else in it.
 */
public final class CronSchedule {

    static final String FORMS = "must be a cron expression of 5 fields (minute hour day-of-month month day-of-week) "
            + "or 6 with seconds first";
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser WITH_SECONDS = new CronParser(
            CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private final ExecutionTime times;
    private final ZoneId zone;

    private CronSchedule(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /** The schedule; {@link IllegalArgumentException} when the expression is not one ({@link #problem} says why). */
    public static CronSchedule of(String cron, ZoneId zone) {
        return new CronSchedule(ExecutionTime.forCron(parse(cron)), zone);
    }

    /** What is wrong with the expression, or empty when it is a usable one. */
    public static Optional<String> problem(String cron) {
        try {
            parse(cron);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(FORMS + " (" + e.getMessage() + ")");
        }
    }

    /** The first instant of the schedule strictly after {@code after}, or null when there is none. */
    public Instant next(Instant after) {
        // cron-utils carries the fraction of a second through (12:00:00.25 gives 12:00:01.25): cron names whole ones.
        return times.nextExecution(after.truncatedTo(ChronoUnit.SECONDS).atZone(zone))
                .map(t -> t.toInstant().truncatedTo(ChronoUnit.SECONDS)).orElse(null);
    }

    /** The next {@code count} instants strictly after {@code after}. */
    public List<Instant> next(Instant after, int count) {
        List<Instant> out = new ArrayList<>(count);
        Instant t = after;
        while (out.size() < count && (t = next(t)) != null) {
            out.add(t);
        }
        return out;
    }

    private static Cron parse(String cron) {
        String trimmed = cron.trim();
        CronParser parser = trimmed.split("\\s+").length == 5 ? UNIX : WITH_SECONDS;
        return parser.parse(trimmed).validate();
    }
}
