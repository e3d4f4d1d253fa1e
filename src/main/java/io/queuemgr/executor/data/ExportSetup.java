package io.queuemgr.executor.data;

import java.time.Duration;

import io.queuemgr.history.TaskHistoryQuery;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.task.TaskCodec;

/**
 * What data.export reads from and writes with: the registry, the history, the codec that makes a task's JSON as the
 * API shows it, and the page size and per-page timeout of {@link DataConfig}.
 */
record ExportSetup(TaskRegistry registry, TaskHistoryQuery history, TaskCodec codec, int pageSize,
        Duration queryTimeout) {

    ExportSource source(ExportParams p) {
        return ExportParams.HISTORY.equals(p.what())
                ? new ExportSource.HistoryTasks(history, p, queryTimeout)
                : new ExportSource.LiveTasks(registry, p);
    }
}
