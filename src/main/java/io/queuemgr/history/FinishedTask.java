package io.queuemgr.history;

import io.queuemgr.task.Task;

/** A final snapshot with the JSON it arrived as, which goes into the history row unchanged. */
record FinishedTask(Task task, String json) {
}
