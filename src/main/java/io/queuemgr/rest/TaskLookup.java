package io.queuemgr.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.json.StorableText;
import io.queuemgr.task.TaskStatus;

/** Parsing of the ids, statuses and paging values that task queries carry, with clear refusals. */
public final class TaskLookup {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private TaskLookup() {
    }

    public static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    /** The id after which a page starts, or null for the first page. */
    public static UUID parseCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(cursor.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("cursor is not one this service gave out",
                    List.of(new FieldError("cursor", "must be the nextCursor of a previous page")));
        }
    }

    static TaskStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return TaskStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Unknown status " + status, List.of(new FieldError("status",
                    "must be one of " + java.util.Arrays.toString(TaskStatus.values()))));
        }
    }

    /** An ISO-8601 instant in the years 1 to 9999, which every store and client of the service can hold. */
    static Instant parseInstant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            parsed = null;
        }
        if (parsed == null || parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            throw ApiException.invalid(field + " is not an instant between the years 1 and 9999", List.of(
                    new FieldError(field, "must be an ISO-8601 instant such as 2026-11-23T10:00:00Z")));
        }
        return parsed;
    }

    /** The page size a listing asks for: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
    public static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int value;
        try {
            value = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw ApiException.invalid("limit must be a whole number from 1 to " + MAX_LIMIT,
                    List.of(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT)));
        }
        return value;
    }

    /** A filter value as given, refused when the history database could not even compare it. */
    static String filterText(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        StorableText.problem(value).ifPresent(why -> {
            throw ApiException.invalid(field + " is not text the service can search for",
                    List.of(new FieldError(field, why)));
        });
        return value;
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound("task", "No task with id " + id);
    }
}
