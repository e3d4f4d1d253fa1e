package io.queuemgr.executor.data;

import java.time.Duration;

import io.queuemgr.executor.TaskListing;
import io.queuemgr.history.TaskHistoryQuery;
import io.queuemgr.task.TaskCodec;

/**
 * What data.export reads from and writes with: the live tasks (every instance's), the history, the codec that makes
 * a task's JSON as the API shows it, and the page size and per-page timeout of {@link DataConfig}.
 */
record ExportSetup(TaskListing listing, TaskHistoryQuery history, TaskCodec codec, int pageSize,
        Duration queryTimeout) {

    ExportSource source(ExportParams p) {
        return ExportParams.HISTORY.equals(p.what())
                ? new ExportSource.HistoryTasks(history, p, queryTimeout)
                : new ExportSource.LiveTasks(listing, p);
    }
}
