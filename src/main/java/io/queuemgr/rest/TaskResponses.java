package io.queuemgr.rest;

import java.net.URI;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.queuemgr.submission.SubmissionService.Submitted;
import io.queuemgr.task.Task;

/** The answer to a submission: 202 and Location for a new task, 200 for one an idempotency key already made. */
public final class TaskResponses {

    private TaskResponses() {
    }

    public static Response accepted(Submitted submitted) {
        Task task = submitted.task();
        Response.ResponseBuilder answer = Response.status(submitted.created() ? 202 : 200)
                .location(URI.create("/api/tasks/" + task.id()));
        // A new task's JSON was made for Kafka already: the same bytes, not a second encoding.
        return submitted.json() != null
                ? answer.entity(submitted.json()).type(MediaType.APPLICATION_JSON_TYPE).build()
                : answer.entity(task).build();
    }
}
