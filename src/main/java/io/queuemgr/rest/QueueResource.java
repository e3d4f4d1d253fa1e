package io.queuemgr.rest;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.audit.AuditActions;
import io.queuemgr.json.JsonBodies;
import io.queuemgr.queue.QueueAdmin;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.queue.QueueDefinition;
import io.queuemgr.queue.QueueView;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStats;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;
import io.queuemgr.submission.SubmissionIntake;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** Queue definitions, kept in PostgreSQL and held by every instance; and submitting to a named queue. */
@Path("/api/queues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Queues")
@RolesAllowed(Roles.OPERATOR)
public class QueueResource {

    private final QueueCatalog catalog;
    private final QueueAdmin admin;
    private final TaskRegistry registry;
    private final SubmissionIntake intake;
    private final ObjectMapper mapper;
    private final TaskRouting routing;
    private final KeyedSubmissions keyed;
    private final Clock clock;
    private final SecurityIdentity identity;
    private final AuditedChanges changes;

    public QueueResource(QueueCatalog catalog, QueueAdmin admin, TaskRegistry registry, SubmissionIntake intake,
            ObjectMapper mapper,
            SecurityIdentity identity, AuditedChanges changes, Clock clock, TaskRouting routing,
            KeyedSubmissions keyed) {
        this.changes = changes;
        this.identity = identity;
        this.routing = routing;
        this.keyed = keyed;
        this.clock = clock;
        this.catalog = catalog;
        this.admin = admin;
        this.registry = registry;
        this.intake = intake;
        this.mapper = mapper;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "All queues, by name")
    public List<QueueView> list() {
        return catalog.all().stream().map(QueueView::of).toList();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{queue}")
    @Operation(summary = "One queue's definition")
    public QueueView get(@PathParam("queue") String name) {
        return QueueView.of(existing(name));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create a queue", description = "Answers 201; 409 when a queue of that name exists.")
    public Uni<Response> create(byte[] body) {
        QueueDefinition q = admin.definition(json(body));
        return changes.audited(AuditActions.QUEUE_CREATE, q.name(), () -> admin.create(q))
                .map(view -> Response.created(URI.create("/api/queues/" + view.name())).entity(view).build());
    }

    @PUT
    @Path("/{queue}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Change a queue", description = "Only the fields in the body change; the name cannot.")
    public Uni<QueueView> update(@PathParam("queue") String name, byte[] body) {
        return changes.audited(AuditActions.QUEUE_CHANGE, name, () -> admin.change(name, json(body)));
    }

    @POST
    @Path("/{queue}/pause")
    @Operation(summary = "Stop dispatching from this queue", description = "Tasks already running go on; waiting "
            + "ones wait, on every instance, until the queue is resumed.")
    public Uni<QueueView> pause(@PathParam("queue") String name) {
        return changes.audited(AuditActions.QUEUE_PAUSE, name, () -> admin.change(name, paused(true)));
    }

    @POST
    @Path("/{queue}/resume")
    @Operation(summary = "Dispatch from this queue again")
    public Uni<QueueView> resume(@PathParam("queue") String name) {
        return changes.audited(AuditActions.QUEUE_RESUME, name, () -> admin.change(name, paused(false)));
    }

    @DELETE
    @Path("/{queue}")
    @Operation(summary = "Delete a queue", description = "409 while the queue has tasks that are not finished, and "
            + "for the default queue.")
    public Uni<Response> delete(@PathParam("queue") String name) {
        // Whether the queue has active tasks is known where its tasks are held.
        return routing.atQueueHolder(name,
                () -> changes.audited(AuditActions.QUEUE_DELETE, name, () -> admin.delete(name))
                        .map(deleted -> Response.noContent().build()));
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{queue}/stats")
    @Operation(summary = "Statistics of this queue", description = "Over the tasks the registry holds: totals, "
            + "status and type distribution, success rate, run and wait times (average, p50, p95), queue length, "
            + "running now, and what ended over the last minute and hour.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TaskStats.class)))
    @Blocking
    public Uni<Response> stats(@PathParam("queue") String queue) {
        existing(queue);
        return routing.atQueueHolder(queue,
                () -> Uni.createFrom()
                        .item(Response.ok(registry.stats(queue, clock.millis()).withoutPoints()).build()));
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Path("/{queue}/tasks")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Submit a task to this queue")
    public Uni<Response> submit(@PathParam("queue") String queue, byte[] body,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return keyed.submission(body, queue, idempotencyKey, () -> intake
                .submitOverRest(body, queue, idempotencyKey, Caller.of(identity)).map(TaskResponses::accepted));
    }

    private QueueDefinition existing(String name) {
        return admin.existing(name);
    }

    private JsonNode paused(boolean paused) {
        return mapper.createObjectNode().put("paused", paused);
    }

    private JsonNode json(byte[] body) {
        return JsonBodies.object(mapper, body, "The queue definition");
    }
}
