package io.queuemgr.rest;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.history.TaskHistoryQuery;
import io.queuemgr.registry.TaskFilter;
import io.queuemgr.registry.TaskLogStore;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;
import io.queuemgr.submission.SubmissionIntake;
import io.queuemgr.task.SubmissionDocument;
import io.queuemgr.task.Task;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** Submitting tasks and asking about them; changes to one task are {@link TaskChangeResource}'s. */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks")
public class TaskResource {

    private final SubmissionIntake intake;
    private final TaskRegistry registry;
    private final TaskLogStore logs;
    private final TaskHistoryQuery history;
    private final SecurityIdentity identity;
    private final TaskRouting routing;
    private final KeyedSubmissions keyed;

    public TaskResource(SubmissionIntake intake, TaskRegistry registry, TaskLogStore logs, TaskHistoryQuery history,
            SecurityIdentity identity, TaskRouting routing, KeyedSubmissions keyed) {
        this.routing = routing;
        this.keyed = keyed;
        this.identity = identity;
        this.history = history;
        this.intake = intake;
        this.registry = registry;
        this.logs = logs;
    }

    @RolesAllowed(Roles.SUBMITTER)
    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Submit a task", description = "Answers 202 with the task once it is durably on Kafka. "
            + "With split holding, a submission with an Idempotency-Key or an id is made by the instance that holds "
            + "its queue's tasks.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubmissionDocument.class)))
    public Uni<Response> submit(byte[] body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return keyed.submission(body, null, idempotencyKey, () -> intake
                .submitOverRest(body, null, idempotencyKey, Caller.of(identity)).map(TaskResponses::accepted));
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{id}")
    @Operation(summary = "One task's current snapshot", description = "From the registry (with split holding, from "
            + "the instance that holds it); a finished task that has left it (past the retention) is read from "
            + "PostgreSQL history.")
    public Uni<Task> get(@PathParam("id") String id) {
        UUID uuid = TaskLookup.parseId(id);
        Optional<Task> here = registry.get(uuid);
        if (here.isPresent()) {
            return Uni.createFrom().item(here.get());
        }
        if (routing.onlyHere()) {
            // A peer asks what this registry holds (or what this instance made a moment ago for another's queue):
            // history is the asking instance's to read.
            return Uni.createFrom().item(routing.madeHere(uuid).orElseThrow(() -> TaskLookup.notFound(id)));
        }
        if (!routing.applies()) {
            return history.find(uuid).map(found -> found.orElseThrow(() -> TaskLookup.notFound(id)));
        }
        return routing.find(uuid).flatMap(held -> held.task().isPresent()
                ? Uni.createFrom().item(held.task().get())
                : history.find(uuid).map(found -> found.or(held::justMade).orElseThrow(() -> held.missing(id))));
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

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Blocking
    @Operation(summary = "List tasks, newest first", description = "Filters combine; pass nextCursor back as cursor. "
            + "With split holding, every instance's tasks are merged; unanswered names the instances that did not "
            + "answer, whose tasks are missing.")
    public Uni<TaskPage> list(@QueryParam("queue") String queue, @QueryParam("status") String status,
            @QueryParam("type") String type, @QueryParam("category") String category, @QueryParam("tag") String tag,
            @QueryParam("idempotencyKey") String idempotencyKey, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        TaskFilter filter = new TaskFilter(queue, TaskLookup.parseStatus(status), type, category, tag,
                idempotencyKey);
        int size = TaskLookup.parseLimit(limit);
        UUID after = TaskLookup.parseCursor(cursor);
        List<Task> items = registry.list(filter, after, size);
        String next = items.size() == size ? items.get(items.size() - 1).id().toString() : null;
        TaskPage here = new TaskPage(items, next);
        return routing.applies() ? routing.gather(here, size) : Uni.createFrom().item(here);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{id}/logs")
    @Operation(summary = "The log lines the task's executor wrote (the newest, bounded per task)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TaskLogs.class)))
    public Uni<Response> logs(@PathParam("id") String id) {
        UUID uuid = TaskLookup.parseId(id);
        return routing.atHolder(uuid, registry.contains(uuid), () -> {
            if (!registry.contains(uuid)) {
                throw TaskLookup.notFound(id);
            }
            return Uni.createFrom().item(Response.ok(new TaskLogs(uuid, logs.get(uuid))).build());
        });
    }

    /**
     * One page of a listing; {@code unanswered} names the instances (with split holding) that did not answer, whose
     * tasks the page lacks.
     */
    public record TaskPage(List<Task> items, String nextCursor,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unanswered) {

        public TaskPage {
            unanswered = unanswered == null ? List.of() : List.copyOf(unanswered);
        }

        public TaskPage(List<Task> items, String nextCursor) {
            this(items, nextCursor, List.of());
        }
    }

    /** A task's kept log lines, oldest first. */
    public record TaskLogs(UUID taskId, List<String> lines) {
    }
}
