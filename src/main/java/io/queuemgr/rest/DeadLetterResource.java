package io.queuemgr.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.queuemgr.audit.AuditActions;
import io.queuemgr.control.DeadLetters;
import io.queuemgr.control.TaskControl;
import io.queuemgr.queue.QueueAdmin;
import io.queuemgr.rest.TaskResource.TaskPage;
import io.queuemgr.security.Roles;
import io.queuemgr.task.Task;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Dead letters: the tasks of a queue that failed for good, to read, requeue or discard. With split holding, a queue's
 * are answered by the instance that dispatches it, and those of every queue are gathered from all instances.
 */
@Path("/api/queues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Queues")
@RolesAllowed(Roles.OPERATOR)
public class DeadLetterResource {

    private final QueueAdmin admin;
    private final DeadLetters deadLetters;
    private final TaskControl control;
    private final AuditedChanges changes;
    private final TaskRouting routing;

    public DeadLetterResource(QueueAdmin admin, DeadLetters deadLetters, TaskControl control,
            AuditedChanges changes, TaskRouting routing) {
        this.admin = admin;
        this.deadLetters = deadLetters;
        this.control = control;
        this.changes = changes;
        this.routing = routing;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/failed-tasks")
    @Blocking
    @Operation(summary = "Dead letters of every queue", description = "Tasks that failed for good (FAILED, or "
            + "TIMEOUT on their last attempt), newest first; pass nextCursor back as cursor.")
    public Uni<TaskPage> failedTasks(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        int size = TaskLookup.parseLimit(limit);
        TaskPage here = page(null, size, cursor);
        return routing.applies() ? routing.gather(here, size) : Uni.createFrom().item(here);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{queue}/dead")
    @Blocking
    @Operation(summary = "Dead letters of this queue")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TaskPage.class)))
    public Uni<Response> dead(@PathParam("queue") String queue, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        admin.existing(queue);
        int size = TaskLookup.parseLimit(limit);
        return routing.atQueueHolder(queue,
                () -> Uni.createFrom().item(Response.ok(page(queue, size, cursor)).build()));
    }

    @POST
    @Path("/{queue}/dead/requeue")
    @Operation(summary = "Requeue every dead letter of this queue", description = "Each runs again with a fresh "
            + "attempt count.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DeadLetterAction.class)))
    public Uni<Response> requeueAll(@PathParam("queue") String queue) {
        return routing.atQueueHolder(queue, () -> changes.audited(AuditActions.TASK_REQUEUE, queue, () -> {
            admin.existing(queue);
            return deadLetters.requeueAll(queue);
        }).map(n -> Response.ok(new DeadLetterAction(n)).build()));
    }

    @DELETE
    @Path("/{queue}/dead")
    @Operation(summary = "Discard every dead letter of this queue", description = "They leave the registry; their "
            + "history rows stay.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DeadLetterAction.class)))
    public Uni<Response> discardAll(@PathParam("queue") String queue) {
        return routing.atQueueHolder(queue, () -> changes.audited(AuditActions.TASK_DISCARD, queue, () -> {
            admin.existing(queue);
            return deadLetters.discardAll(queue);
        }).map(n -> Response.ok(new DeadLetterAction(n)).build()));
    }

    @POST
    @Path("/{queue}/dead/{id}/requeue")
    @Operation(summary = "Requeue one dead letter", description = "Answers 202 with its PENDING snapshot.")
    public Uni<Response> requeue(@PathParam("queue") String queue, @PathParam("id") String id) {
        return routing.atQueueHolder(queue, () -> changes.audited(AuditActions.TASK_REQUEUE, id,
                () -> control.retry(deadLetter(queue, id))).map(t -> Response.accepted(t).build()));
    }

    @DELETE
    @Path("/{queue}/dead/{id}")
    @Operation(summary = "Discard one dead letter")
    public Uni<Response> discard(@PathParam("queue") String queue, @PathParam("id") String id) {
        return routing.atQueueHolder(queue, () -> changes.audited(AuditActions.TASK_DISCARD, id,
                () -> control.discard(deadLetter(queue, id))).map(v -> Response.noContent().build()));
    }

    /** How many dead letters an action on a whole queue took. */
    public record DeadLetterAction(int count) {
    }

    private TaskPage page(String queue, int size, String cursor) {
        List<Task> items = deadLetters.page(queue, TaskLookup.parseCursor(cursor), size);
        return new TaskPage(items, items.size() == size ? items.get(items.size() - 1).id().toString() : null);
    }

    private Task deadLetter(String queue, String id) {
        admin.existing(queue);
        return deadLetters.of(queue, TaskLookup.parseId(id), id);
    }

}
