package io.queuemgr.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;
import io.queuemgr.submission.BulkAnswer;
import io.queuemgr.submission.BulkIntake;
import io.queuemgr.task.SubmissionDocument;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** Many submissions in one request. */
@Path("/api/tasks/bulk")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class BulkSubmissionResource {

    private final BulkIntake intake;
    private final SecurityIdentity identity;

    public BulkSubmissionResource(BulkIntake intake, SecurityIdentity identity) {
        this.intake = intake;
        this.identity = identity;
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Consumes(MediaType.WILDCARD)
    // Reading and checking ten thousand submissions takes tens of milliseconds: not on an event loop.
    @Blocking
    @Operation(summary = "Submit many tasks", description = "A JSON array of submissions, each as POST /api/tasks "
            + "takes it, plus an optional idempotencyKey per item. Answers 200 with an array in the same order: per "
            + "item {status: 202 (200 for a repeated key), id, task} once Kafka holds the task, or the item's "
            + "problem details. 413 for more than queuemgr.bulk.max-items items or a body over "
            + "queuemgr.bulk.max-body-bytes.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = SubmissionDocument.class)))
    public Uni<List<BulkAnswer>> submit(byte[] body, @HeaderParam("Authorization") String authorization) {
        return intake.submit(body, Caller.of(identity), authorization);
    }
}
