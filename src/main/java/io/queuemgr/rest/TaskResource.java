package io.queuemgr.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.audit.AuditActions;
import io.queuemgr.audit.AuditTrail;
import io.queuemgr.control.TaskControl;
import io.queuemgr.error.ApiException;
import io.queuemgr.history.TaskHistoryQuery;
import io.queuemgr.registry.TaskFilter;
import io.queuemgr.registry.TaskLogStore;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;
import io.queuemgr.submission.SubmissionIntake;
import io.queuemgr.task.SubmissionDocument;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/** Submitting tasks and asking about them. */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class TaskResource {

    private final SubmissionIntake intake;
    private final TaskRegistry registry;
    private final TaskLogStore logs;
    private final TaskControl control;
    private final TaskHistoryQuery history;
    private final SecurityIdentity identity;
    private final AuditTrail audit;

    public TaskResource(SubmissionIntake intake, TaskRegistry registry, TaskLogStore logs, TaskControl control,
            TaskHistoryQuery history, SecurityIdentity identity, AuditTrail audit) {
        this.audit = audit;
        this.identity = identity;
        this.history = history;
        this.control = control;
        this.intake = intake;
        this.registry = registry;
        this.logs = logs;
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Submit a task", description = "Answers 202 with the task once it is durably on Kafka.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubmissionDocument.class)))
    public Uni<Response> submit(byte[] body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return intake.submitOverRest(body, null, idempotencyKey, Caller.of(identity)).map(TaskResponses::accepted);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{id}")
    @Operation(summary = "One task's current snapshot", description = "From the registry; a finished task that has "
            + "left it (past the retention) is read from PostgreSQL history.")
    public Uni<Task> get(@PathParam("id") String id) {
        UUID uuid = TaskLookup.parseId(id);
        return registry.get(uuid).map(t -> Uni.createFrom().item(t))
                .orElseGet(() -> history.find(uuid).map(found -> found.orElseThrow(() -> TaskLookup.notFound(id))));
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/history")
    @Operation(summary = "Finished tasks from PostgreSQL history, newest finished first", description = "Every "
            + "finished task, including those past the registry's retention. Filters combine; finishedAfter and "
            + "finishedBefore are ISO-8601 instants; pass nextCursor back as cursor.")
    public Uni<TaskPage> history(@QueryParam("queue") String queue, @QueryParam("status") String status,
            @QueryParam("type") String type, @QueryParam("category") String category, @QueryParam("tag") String tag,
            @QueryParam("finishedAfter") String finishedAfter, @QueryParam("finishedBefore") String finishedBefore,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        var filter = new TaskHistoryQuery.Filter(TaskLookup.filterText("queue", queue),
                TaskLookup.parseStatus(status), TaskLookup.filterText("type", type),
                TaskLookup.filterText("category", category), TaskLookup.filterText("tag", tag),
                TaskLookup.parseInstant("finishedAfter", finishedAfter),
                TaskLookup.parseInstant("finishedBefore", finishedBefore));
        int size = TaskLookup.parseLimit(limit);
        UUID after = TaskLookup.parseCursor(cursor);
        return history.list(filter, after, size).map(items -> new TaskPage(items,
                items.size() == size ? items.get(items.size() - 1).id().toString() : null));
    }

    /** The task as the registry holds it now: what control actions act on. */
    private Task current(String id) {
        return registry.get(TaskLookup.parseId(id)).orElseThrow(() -> TaskLookup.notFound(id));
    }

    /** Runs a change and records it, or its refusal, in the audit trail under the caller's name. */
    private <T> Uni<T> audited(String action, String id, Supplier<Uni<? extends T>> change) {
        return audit.recordOutcome(identity.getPrincipal().getName(), action, id, Uni.createFrom().<T>deferred(change),
                t -> Map.of());
    }

    /** The task, when the caller may change it: an operator any task, a submitter the tasks it submitted. */
    private Task controllable(String id) {
        Task task = current(id);
        if (!Caller.of(identity).mayControl(task.submittedBy())) {
            throw ApiException.forbidden("not-your-task", "Only an operator, or the one who submitted it, may change "
                    + "task " + id);
        }
        return task;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "List tasks, newest first", description = "Filters combine; pass nextCursor back as cursor.")
    public TaskPage list(@QueryParam("queue") String queue, @QueryParam("status") String status,
            @QueryParam("type") String type, @QueryParam("category") String category, @QueryParam("tag") String tag,
            @QueryParam("idempotencyKey") String idempotencyKey, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        TaskFilter filter = new TaskFilter(queue, TaskLookup.parseStatus(status), type, category, tag,
                idempotencyKey);
        int size = TaskLookup.parseLimit(limit);
        UUID after = TaskLookup.parseCursor(cursor);
        List<Task> items = registry.list(filter, after, size);
        String next = items.size() == size ? items.get(items.size() - 1).id().toString() : null;
        return new TaskPage(items, next);
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a task", description = "A waiting task is CANCELLED at once and never starts; a "
            + "running one is stopped for real (its process tree killed, its request closed) and ends CANCELLED "
            + "moments later. Answers 202 with the task as it is; 409 for a finished task.")
    public Uni<Response> cancel(@PathParam("id") String id) {
        return audited(AuditActions.TASK_CANCEL, id, () -> control.cancel(controllable(id)))
                .map(t -> Response.accepted(t).build());
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause a task", description = "A waiting task is PAUSED at once and does not start until "
            + "resumed. A running command or script is stopped where it stands (SIGSTOP to its process tree) and "
            + "shows PAUSED moments later; it keeps its place in the queue's maxConcurrent, and its timeout does not "
            + "run while paused. Answers 202 with the task as it is; 409 for a finished task or a running task whose "
            + "executor cannot pause.")
    public Uni<Response> pause(@PathParam("id") String id) {
        return audited(AuditActions.TASK_PAUSE, id, () -> control.pause(controllable(id)))
                .map(t -> Response.accepted(t).build());
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume a PAUSED task", description = "A stopped process continues (SIGCONT); a held-back "
            + "task is queued again. Answers 202 with the task as it is; 409 for a task that is not PAUSED.")
    public Uni<Response> resume(@PathParam("id") String id) {
        return audited(AuditActions.TASK_RESUME, id, () -> control.resume(controllable(id)))
                .map(t -> Response.accepted(t).build());
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Path("/{id}/start")
    @Operation(summary = "Start a held task", description = "The seed's word for resume: a task submitted with "
            + "\"hold\": true (or paused while waiting) is queued. Answers as resume does.")
    public Uni<Response> start(@PathParam("id") String id) {
        return resume(id);
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Run a FAILED, CANCELLED or TIMEOUT task again", description = "A fresh attempt count; "
            + "answers 202 with the PENDING snapshot, 409 for a task in another state.")
    public Uni<Response> retry(@PathParam("id") String id) {
        return audited(AuditActions.TASK_RETRY, id, () -> control.retry(controllable(id)))
                .map(t -> Response.accepted(t).build());
    }

    @RolesAllowed(Roles.SUBMITTER)
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a finished task", description = "It leaves every instance's registry; its history "
            + "row stays. 409 while the task is not finished.")
    public Uni<Response> delete(@PathParam("id") String id) {
        return audited(AuditActions.TASK_DELETE, id, () -> control.discard(controllable(id)))
                .map(v -> Response.noContent().build());
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{id}/logs")
    @Operation(summary = "The log lines the task's executor wrote (the newest, bounded per task)")
    public TaskLogs logs(@PathParam("id") String id) {
        UUID uuid = TaskLookup.parseId(id);
        if (!registry.contains(uuid)) {
            throw TaskLookup.notFound(id);
        }
        return new TaskLogs(uuid, logs.get(uuid));
    }

    /** One page of a listing. */
    public record TaskPage(List<Task> items, String nextCursor) {
    }

    /** A task's kept log lines, oldest first. */
    public record TaskLogs(UUID taskId, List<String> lines) {
    }
}
