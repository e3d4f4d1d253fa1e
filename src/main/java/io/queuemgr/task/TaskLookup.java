package io.queuemgr.task;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;

/** Parsing of the ids, statuses and paging values that task queries carry, with clear refusals. */
public final class TaskLookup {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private TaskLookup() {
    }

    public static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    public static UUID parseCursor(String cursor) {
        try {
            return UUID.fromString(cursor);
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

    static java.time.Instant parseInstant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.invalid(field + " is not an instant", List.of(new FieldError(field,
                    "must be an ISO-8601 instant such as 2026-11-23T10:00:00Z")));
        }
    }

    public static int parseLimit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit out of range",
                    List.of(new FieldError("limit", "must be from 1 to " + MAX_LIMIT)));
        }
        return limit;
    }

    public static ApiException notFound(String id) {
        return ApiException.notFound("task", "No task with id " + id);
    }
}
