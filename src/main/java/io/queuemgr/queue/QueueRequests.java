package io.queuemgr.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;

/**
 * Reads a queue definition from a request body, field by field, and says everything that is wrong with it at once.
 * A create starts from the defaults; an update starts from the definition as it is and changes only the fields the
 * body names.
 */
final class QueueRequests {

    /** Names that would read as another endpoint under /api/queues. */
    private static final Set<String> RESERVED = Set.of("tasks", "failed-tasks");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> FIELDS = Set.of("name", "description", "maxConcurrent", "priority",
            "maxRetries", "retryBaseDelay", "retryMaxDelay", "defaultTimeout", "rateLimit", "paused");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    private QueueRequests() {
    }

    /** The definition a new queue gets when the body names only what it must. */
    static QueueDefinition defaults(String name, Instant now) {
        return new QueueDefinition(name, null, 10, 1, 3, Duration.ofSeconds(1), Duration.ofHours(1), null, null,
                false, now, now);
    }

    static QueueDefinition create(JsonNode body, Instant now) {
        requireObject(body);
        List<FieldError> errors = new ArrayList<>();
        JsonNode name = body.get("name");
        String n = null;
        if (name == null || name.isNull()) {
            errors.add(new FieldError("name", "is required"));
        } else if (!name.isTextual() || !NAME.matcher(name.asText()).matches()) {
            errors.add(new FieldError("name",
                    "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        } else if (RESERVED.contains(name.asText())) {
            errors.add(new FieldError("name", "'" + name.asText() + "' is reserved (a path of the queue API)"));
        } else {
            n = name.asText();
        }
        QueueDefinition q = apply(body, defaults(n, now), now, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The queue definition has errors", errors);
        }
        return q;
    }

    static QueueDefinition update(JsonNode body, QueueDefinition current, Instant now) {
        requireObject(body);
        List<FieldError> errors = new ArrayList<>();
        JsonNode name = body.get("name");
        if (name != null && !name.isNull() && !current.name().equals(name.asText())) {
            errors.add(new FieldError("name", "cannot change; create a new queue instead"));
        }
        QueueDefinition q = apply(body, current, now, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The queue definition has errors", errors);
        }
        return q;
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("The queue definition must be a JSON object", List.of());
        }
    }

    private static QueueDefinition apply(JsonNode b, QueueDefinition q, Instant now, List<FieldError> errors) {
        for (Iterator<String> names = b.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "is not a queue field; known: " + String.join(", ", FIELDS)));
            }
        }
        String description = b.has("description") ? text(b, "description", 1000, errors) : q.description();
        int maxConcurrent = b.has("maxConcurrent")
                ? integer(b, "maxConcurrent", 1, 100_000, errors)
                : q.maxConcurrent();
        int priority = b.has("priority") ? integer(b, "priority", 0, 9, errors) : q.priority();
        int maxRetries = b.has("maxRetries") ? integer(b, "maxRetries", 0, 100, errors) : q.maxRetries();
        Duration base = b.has("retryBaseDelay") ? duration(b, "retryBaseDelay", false, errors) : q.retryBaseDelay();
        Duration max = b.has("retryMaxDelay") ? duration(b, "retryMaxDelay", false, errors) : q.retryMaxDelay();
        Duration timeout = b.has("defaultTimeout") ? duration(b, "defaultTimeout", true, errors) : q.defaultTimeout();
        RateLimit rate = q.rateLimit();
        if (b.has("rateLimit")) {
            JsonNode r = b.get("rateLimit");
            rate = r.isNull() ? null : r.isTextual() ? RateLimit.parse(r.asText()) : null;
            if (!r.isNull() && rate == null) {
                errors.add(new FieldError("rateLimit",
                        "must be N/second, N/minute, N/hour or N/day with N ≥ 1, such as 100/hour"));
            }
        }
        boolean paused = q.paused();
        if (b.has("paused")) {
            if (b.get("paused").isBoolean()) {
                paused = b.get("paused").asBoolean();
            } else {
                errors.add(new FieldError("paused", "must be true or false"));
            }
        }
        if (base != null && max != null && max.compareTo(base) < 0) {
            errors.add(new FieldError("retryMaxDelay", "must not be shorter than retryBaseDelay"));
        }
        return new QueueDefinition(q.name(), description, maxConcurrent, priority, maxRetries,
                base == null ? q.retryBaseDelay() : base, max == null ? q.retryMaxDelay() : max, timeout, rate,
                paused, q.createdAt(), now);
    }

    private static String text(JsonNode b, String field, int maxLength, List<FieldError> errors) {
        JsonNode v = b.get(field);
        if (v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > maxLength) {
            errors.add(new FieldError(field, "must be text of at most " + maxLength + " characters"));
            return null;
        }
        return v.asText();
    }

    private static int integer(JsonNode b, String field, int min, int max, List<FieldError> errors) {
        JsonNode v = b.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return min;
        }
        return v.asInt();
    }

    /** ISO-8601 ({@code PT30S}), a short form ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}), or seconds. */
    static Duration duration(JsonNode b, String field, boolean nullable, List<FieldError> errors) {
        JsonNode v = b.get(field);
        Duration d = null;
        if (v.isNull() && nullable) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            d = Duration.ofSeconds(v.asLong());
        } else if (v.isTextual()) {
            d = parseDuration(v.asText());
        }
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(30)) > 0) {
            errors.add(new FieldError(field, "must be a duration from 1 ms to 30 days: ISO-8601 such as PT30S, "
                    + "a short form such as 500ms, 30s, 5m, 1h, or a number of seconds"
                    + (nullable ? ", or null" : "")));
            return null;
        }
        return d;
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
