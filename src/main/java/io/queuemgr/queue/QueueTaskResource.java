package io.queuemgr.queue;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.queuemgr.submission.SubmissionIntake;
import io.queuemgr.task.TaskResponses;
import io.smallrye.mutiny.Uni;

/** Submitting a task to a named queue. */
@Path("/api/queues/{queue}/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Queues")
public class QueueTaskResource {

    private final SubmissionIntake intake;

    public QueueTaskResource(SubmissionIntake intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Submit a task to this queue")
    public Uni<Response> submit(@PathParam("queue") String queue, byte[] body,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return intake.submitOverRest(body, queue, idempotencyKey).map(TaskResponses::accepted);
    }
}
