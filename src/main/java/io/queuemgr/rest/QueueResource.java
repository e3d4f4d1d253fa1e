package io.queuemgr.rest;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.audit.AuditActions;
import io.queuemgr.audit.AuditTrail;
import io.queuemgr.control.DeadLetters;
import io.queuemgr.control.TaskControl;
import io.queuemgr.json.JsonBodies;
import io.queuemgr.queue.QueueAdmin;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.queue.QueueDefinition;
import io.queuemgr.queue.QueueView;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStats;
import io.queuemgr.rest.TaskResource.TaskPage;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;
import io.queuemgr.submission.SubmissionIntake;
import io.queuemgr.task.Task;
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
    private final TaskControl control;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final SecurityIdentity identity;
    private final AuditTrail audit;

    public QueueResource(QueueCatalog catalog, QueueAdmin admin, TaskRegistry registry, SubmissionIntake intake,
            ObjectMapper mapper,
            TaskControl control, SecurityIdentity identity, AuditTrail audit, DeadLetters deadLetters,
            Clock clock) {
        this.audit = audit;
        this.identity = identity;
        this.control = control;
        this.deadLetters = deadLetters;
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
        return audited(AuditActions.QUEUE_CREATE, q.name(), () -> admin.create(q))
                .map(view -> Response.created(URI.create("/api/queues/" + view.name())).entity(view).build());
    }

    @PUT
    @Path("/{queue}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Change a queue", description = "Only the fields in the body change; the name cannot.")
    public Uni<QueueView> update(@PathParam("queue") String name, byte[] body) {
        return audited(AuditActions.QUEUE_CHANGE, name, () -> admin.change(name, json(body)));
    }

    @POST
    @Path("/{queue}/pause")
    @Operation(summary = "Stop dispatching from this queue", description = "Tasks already running go on; waiting "
            + "ones wait, on every instance, until the queue is resumed.")
    public Uni<QueueView> pause(@PathParam("queue") String name) {
        return audited(AuditActions.QUEUE_PAUSE, name, () -> admin.change(name, paused(true)));
    }

    @POST
    @Path("/{queue}/resume")
    @Operation(summary = "Dispatch from this queue again")
    public Uni<QueueView> resume(@PathParam("queue") String name) {
        return audited(AuditActions.QUEUE_RESUME, name, () -> admin.change(name, paused(false)));
    }

    @DELETE
    @Path("/{queue}")
    @Operation(summary = "Delete a queue", description = "409 while the queue has tasks that are not finished, and "
            + "for the default queue.")
    public Uni<Response> delete(@PathParam("queue") String name) {
        return audited(AuditActions.QUEUE_DELETE, name, () -> admin.delete(name))
                .map(deleted -> Response.noContent().build());
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{queue}/stats")
    @Operation(summary = "Statistics of this queue", description = "Over the tasks the registry holds: totals, "
            + "status and type distribution, success rate, run and wait times (average, p50, p95), queue length, "
            + "running now, and what ended over the last minute and hour.")
    public TaskStats stats(@PathParam("queue") String queue) {
        existing(queue);
        return registry.stats(queue, clock.millis());
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/failed-tasks")
    @Operation(summary = "Dead letters of every queue", description = "Tasks that failed for good (FAILED, or "
            + "TIMEOUT on their last attempt), newest first; pass nextCursor back as cursor.")
    public TaskPage failedTasks(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return deadLetters(null, limit, cursor);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{queue}/dead")
    @Operation(summary = "Dead letters of this queue")
    public TaskPage dead(@PathParam("queue") String queue, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        existing(queue);
        return deadLetters(queue, limit, cursor);
    }

    @POST
    @Path("/{queue}/dead/requeue")
    @Operation(summary = "Requeue every dead letter of this queue", description = "Each runs again with a fresh "
            + "attempt count.")
    public Uni<DeadLetterAction> requeueAll(@PathParam("queue") String queue) {
        return audited(AuditActions.TASK_REQUEUE, queue, () -> {
            existing(queue);
            return deadLetters.requeueAll(queue);
        })
                .map(DeadLetterAction::new);
    }

    @DELETE
    @Path("/{queue}/dead")
    @Operation(summary = "Discard every dead letter of this queue", description = "They leave the registry; their "
            + "history rows stay.")
    public Uni<DeadLetterAction> discardAll(@PathParam("queue") String queue) {
        return audited(AuditActions.TASK_DISCARD, queue, () -> {
            existing(queue);
            return deadLetters.discardAll(queue);
        })
                .map(DeadLetterAction::new);
    }

    @POST
    @Path("/{queue}/dead/{id}/requeue")
    @Operation(summary = "Requeue one dead letter", description = "Answers 202 with its PENDING snapshot.")
    public Uni<Response> requeue(@PathParam("queue") String queue, @PathParam("id") String id) {
        return audited(AuditActions.TASK_REQUEUE, id, () -> control.retry(deadLetter(queue, id)))
                .map(t -> Response.accepted(t).build());
    }

    @DELETE
    @Path("/{queue}/dead/{id}")
    @Operation(summary = "Discard one dead letter")
    public Uni<Response> discard(@PathParam("queue") String queue, @PathParam("id") String id) {
        return audited(AuditActions.TASK_DISCARD, id, () -> control.discard(deadLetter(queue, id)))
                .map(v -> Response.noContent().build());
    }

    /** How many dead letters an action on a whole queue took. */
    public record DeadLetterAction(int count) {
    }

    private TaskPage deadLetters(String queue, String limit, String cursor) {
        int size = TaskLookup.parseLimit(limit);
        List<Task> items = deadLetters.page(queue, TaskLookup.parseCursor(cursor), size);
        return new TaskPage(items, items.size() == size ? items.get(items.size() - 1).id().toString() : null);
    }

    private Task deadLetter(String queue, String id) {
        existing(queue);
        return deadLetters.of(queue, TaskLookup.parseId(id), id);
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Path("/{queue}/tasks")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Submit a task to this queue")
    public Uni<Response> submit(@PathParam("queue") String queue, byte[] body,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return intake.submitOverRest(body, queue, idempotencyKey, Caller.of(identity)).map(TaskResponses::accepted);
    }

    /** Runs a change and records it, or its refusal, in the audit trail under the caller's name. */
    private <T> Uni<T> audited(String action, String target, Supplier<Uni<? extends T>> change) {
        return audit.recordOutcome(identity.getPrincipal().getName(), action, target,
                Uni.createFrom().<T>deferred(change), t -> Map.of());
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
