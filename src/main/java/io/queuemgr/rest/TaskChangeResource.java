package io.queuemgr.rest;

import java.util.UUID;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.audit.AuditActions;
import io.queuemgr.control.TaskControl;
import io.queuemgr.error.ApiException;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/** Operators' and submitters' changes to one task: cancel, pause, resume, retry, delete; each audited. */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class TaskChangeResource {

    private final TaskRegistry registry;
    private final TaskControl control;
    private final SecurityIdentity identity;
    private final AuditedChanges changes;
    private final TaskRouting routing;

    public TaskChangeResource(TaskRegistry registry, TaskControl control, SecurityIdentity identity,
            AuditedChanges changes,
            TaskRouting routing) {
        this.registry = registry;
        this.control = control;
        this.identity = identity;
        this.changes = changes;
        this.routing = routing;
    }

    /** The task as the registry holds it now: what control actions act on. */
    private Task current(String id) {
        return registry.get(TaskLookup.parseId(id)).orElseThrow(() -> TaskLookup.notFound(id));
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

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a task", description = "A waiting task is CANCELLED at once and never starts; a "
            + "running one is stopped for real (its process tree killed, its request closed) and ends CANCELLED "
            + "moments later. Answers 202 with the task as it is; 409 for a finished task.")
    public Uni<Response> cancel(@PathParam("id") String id) {
        return atHolder(id, () -> changes.audited(AuditActions.TASK_CANCEL, id, () -> control.cancel(controllable(id)))
                .map(t -> Response.accepted(t).build()));
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
        return atHolder(id, () -> changes.audited(AuditActions.TASK_PAUSE, id, () -> control.pause(controllable(id)))
                .map(t -> Response.accepted(t).build()));
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume a PAUSED task", description = "A stopped process continues (SIGCONT); a held-back "
            + "task is queued again. Answers 202 with the task as it is; 409 for a task that is not PAUSED.")
    public Uni<Response> resume(@PathParam("id") String id) {
        return atHolder(id, () -> changes.audited(AuditActions.TASK_RESUME, id, () -> control.resume(controllable(id)))
                .map(t -> Response.accepted(t).build()));
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
        return atHolder(id, () -> changes.audited(AuditActions.TASK_RETRY, id, () -> control.retry(controllable(id)))
                .map(t -> Response.accepted(t).build()));
    }

    @RolesAllowed(Roles.SUBMITTER)
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a finished task", description = "It leaves every instance's registry; its history "
            + "row stays. 409 while the task is not finished.")
    public Uni<Response> delete(@PathParam("id") String id) {
        return atHolder(id, () -> changes.audited(AuditActions.TASK_DELETE, id, () -> control.discard(controllable(id)))
                .map(v -> Response.noContent().build()));
    }

    /** A change to one task: made here when the task is held here, else sent to the instance that holds it. */
    private Uni<Response> atHolder(String id, Supplier<Uni<Response>> here) {
        UUID uuid = TaskLookup.parseId(id);
        return routing.atHolder(uuid, registry.contains(uuid), here);
    }

}
