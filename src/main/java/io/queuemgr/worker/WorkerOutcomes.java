package io.queuemgr.worker;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.executor.TaskOutcome;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskError;

/**
 * A pull worker's report, as the offer keeps it ({@code {"status": "COMPLETED"|"FAILED", "result", "error",
 * "retry"}}), read back as the outcome of the task's run.
 */
final class WorkerOutcomes {

    private final ObjectMapper mapper;

    WorkerOutcomes(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A failure may be retried unless the worker said {@code "retry": false}; an unreadable report is a failure. */
    TaskOutcome read(String json) {
        try {
            JsonNode o = mapper.readTree(json);
            if ("COMPLETED".equals(o.path("status").asText())) {
                return new TaskOutcome.Succeeded(o.get("result"));
            }
            TaskError reported = ErrorCode.WORKER_REPORTED_FAILURE.toError(o.path("error").asText(null));
            return new TaskOutcome.Failed(new TaskError(reported.code(), reported.message(), reported.context(),
                    reported.suggestions(), o.path("retry").asBoolean(true)), o.get("result"));
        } catch (IOException e) {
            return new TaskOutcome.Failed(ErrorCode.INTERNAL_ERROR.toError("Unreadable worker outcome"), null);
        }
    }
}
