package io.queuemgr.executor.data;

import java.time.Instant;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.json.WrongType;
import io.queuemgr.task.TaskStatus;

/**
 * The params of data.export: which tasks (the live registry or the PostgreSQL history), the file they go to, and
 * the filters. {@code since} and {@code until} bound when a live task was created, and when a history task finished
 * (each listing's own order), from {@code since} included to {@code until} excluded.
 */
@RegisterForReflection
public record ExportParams(
        @NotNull(message = "is required") @Pattern(regexp = SOURCES, message = "must be tasks or history") String what,
        @NotNull(message = "is required") @AllowedPath String destination,
        @Pattern(regexp = DataFormat.NAMES, message = "must be csv or jsonl") String format,
        String queue,
        @WrongType(STATUS) TaskStatus status,
        String type,
        @WrongType(INSTANT) Instant since,
        @WrongType(INSTANT) Instant until,
        @Min(value = 0, message = "must be 0 or more") Long limit,
        Boolean overwrite) {

    /** The live registry, as GET /api/tasks lists it. */
    static final String TASKS = "tasks";
    /** PostgreSQL history, as GET /api/tasks/history lists it. */
    static final String HISTORY = "history";
    static final String SOURCES = "tasks|history";

    private static final String STATUS = "must be a task status such as COMPLETED or FAILED";
    private static final String INSTANT = "must be an ISO-8601 instant such as 2026-01-02T03:04:05Z";
}
