package io.queuemgr.executor.data;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.queuemgr.executor.ExecutionContext;
import io.queuemgr.executor.TaskListing;
import io.queuemgr.history.TaskHistoryQuery;
import io.queuemgr.registry.TaskFilter;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.TimeoutException;

/**
 * Where data.export reads its tasks: a page at a time in the listing's own order, each page after the last id of the
 * one before, so that no more than a page is ever held.
 */
sealed interface ExportSource {

    /** Up to {@code size} tasks after the task {@code after} (null: from the start); fewer means the end. */
    List<Task> page(UUID after, int size);

    /** Whether a task of a page belongs in the file: a filter the listing cannot apply itself. */
    default boolean keeps(Task task) {
        return true;
    }

    /** Pages through the tasks into the file until they end, the limit is reached or the task is cancelled. */
    default void writeTo(TaskFile file, int pageSize, long limit, AtomicLong rows, ExecutionContext context)
            throws IOException {
        UUID after = null;
        while (rows.get() < limit) {
            List<Task> page = page(after, pageSize);
            for (Task task : page) {
                if (context.isCancelled() || rows.get() >= limit) {
                    return;
                }
                if (keeps(task)) {
                    file.write(task);
                    rows.incrementAndGet();
                }
            }
            context.step("exported " + rows.get() + " rows");
            if (page.size() < pageSize) {
                return;
            }
            after = page.getLast().id();
        }
    }

    /** The live registry, newest created first, as GET /api/tasks lists it; the time window is on createdAt. */
    record LiveTasks(TaskListing listing, ExportParams p) implements ExportSource {

        @Override
        public List<Task> page(UUID after, int size) {
            try {
                return listing.page(new TaskFilter(p.queue(), p.status(), p.type(), null, null, null), after, size);
            } catch (TaskListing.Unanswered e) {
                // A file without one instance's tasks would look complete: the export fails and may be retried.
                throw DataErrors.DATA_SOURCE_UNAVAILABLE.failure("Could not list every instance's tasks: "
                        + e.getMessage(), Map.of("source", "live"));
            }
        }

        @Override
        public boolean keeps(Task task) {
            Instant created = task.createdAt();
            return (p.since() == null || !created.isBefore(p.since()))
                    && (p.until() == null || created.isBefore(p.until()));
        }
    }

    /** PostgreSQL history, newest finished first, as GET /api/tasks/history lists it; the window is on finishedAt. */
    record HistoryTasks(TaskHistoryQuery history, ExportParams p, Duration timeout) implements ExportSource {

        @Override
        public List<Task> page(UUID after, int size) {
            var filter = new TaskHistoryQuery.Filter(p.queue(), p.status(), p.type(), null, null, p.since(),
                    p.until());
            try {
                return history.list(filter, after, size).await().atMost(timeout);
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                throw DataErrors.DATA_SOURCE_UNAVAILABLE.failure("Could not read the task history from PostgreSQL: "
                        + describe(e), Map.of("source", ExportParams.HISTORY));
            }
        }

        private String describe(Throwable e) {
            if (e instanceof TimeoutException) {
                return "no answer within " + timeout.toSeconds() + " s";
            }
            // The innermost message names what happened (connection refused); wrappers only repeat it with a class.
            String message = null;
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                message = cause.getMessage() == null ? message : cause.getMessage();
            }
            return message == null ? "the connection failed" : message;
        }
    }
}
