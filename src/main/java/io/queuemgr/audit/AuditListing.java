package io.queuemgr.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.json.StorableText;

/**
 * The query parameters of an audit listing, checked all at once: a client with three wrong parameters hears of all
 * three in one answer.
 */
public record AuditListing(AuditQuery.Filter filter, AuditCursor before, int limit) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    public static AuditListing parse(String principal, String action, String target, String since, String until,
            String limit, String before) {
        List<FieldError> errors = new ArrayList<>();
        AuditQuery.Filter filter = new AuditQuery.Filter(text("principal", principal, errors),
                text("action", action, errors), text("target", target, errors), instant("since", since, errors),
                instant("until", until, errors));
        if (filter.since() != null && filter.until() != null && !filter.since().isBefore(filter.until())) {
            errors.add(new FieldError("until", "must be later than since"));
        }
        int size = limit(limit, errors);
        AuditCursor cursor = cursor(before, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The audit query has invalid parameters", errors);
        }
        return new AuditListing(filter, cursor, size);
    }

    private static String text(String field, String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        StorableText.problem(value).ifPresent(why -> errors.add(new FieldError(field, why)));
        return value;
    }

    /** An ISO-8601 instant that PostgreSQL can hold (years 1 to 9999). */
    private static Instant instant(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant parsed = Instant.parse(value.strip());
            if (!parsed.isBefore(EARLIEST) && !parsed.isAfter(LATEST)) {
                return parsed;
            }
        } catch (DateTimeParseException e) {
            // answered below, like an instant out of range
        }
        errors.add(new FieldError(field, "must be an ISO-8601 instant between the years 1 and 9999, such as "
                + "2026-11-23T10:00:00Z"));
        return null;
    }

    private static int limit(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1 && parsed <= MAX_LIMIT) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    private static AuditCursor cursor(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return AuditCursor.decode(value.strip());
        } catch (RuntimeException e) {
            errors.add(new FieldError("before", "must be the next cursor of a previous page"));
            return null;
        }
    }
}
