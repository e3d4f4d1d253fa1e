package io.queuemgr.rest;

import java.net.URI;

import jakarta.ws.rs.core.Response;

import io.queuemgr.submission.SubmissionService.Submitted;
import io.queuemgr.task.Task;

/** The answer to a submission: 202 and Location for a new task, 200 for one an idempotency key already made. */
public final class TaskResponses {

    private TaskResponses() {
    }

    public static Response accepted(Submitted submitted) {
        Task task = submitted.task();
        return Response.status(submitted.created() ? 202 : 200)
                .location(URI.create("/api/tasks/" + task.id()))
                .entity(task).build();
    }
}
