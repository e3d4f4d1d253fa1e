package io.queuemgr.rest;

import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.error.ApiException;
import io.queuemgr.json.JsonBodies;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.queue.QueueCatalog;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.security.Roles;
import io.queuemgr.task.Task;
import io.queuemgr.worker.TaskOffers;
import io.smallrye.mutiny.Uni;

/**
 * Pull workers over HTTP: a worker in any language leases the next {@code external} task of a queue, renews its
 * lease while it works, and reports the outcome. Any instance answers; the lease itself is decided in PostgreSQL.
 */
@Path("/api/queues")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "Pull workers")
@RolesAllowed(Roles.WORKER)
public class WorkerResource {

    private final TaskOffers offers;
    private final QueueCatalog queues;
    private final TaskRegistry registry;
    private final ObjectMapper mapper;
    private final JsonRecords records;
    private final TaskRouting routing;

    public WorkerResource(TaskOffers offers, QueueCatalog queues, TaskRegistry registry, ObjectMapper mapper,
            JsonRecords records, TaskRouting routing) {
        this.routing = routing;
        this.offers = offers;
        this.queues = queues;
        this.registry = registry;
        this.mapper = mapper;
        this.records = records;
    }

    /** What a worker gets with its lease: the task (its type and params are the work) and until when it holds it. */
    @RegisterForReflection
    public record LeasedTask(Task task, String workerId, Instant leaseExpiresAt) {
    }

    /** A renewed lease. */
    @RegisterForReflection
    public record LeaseView(UUID taskId, String workerId, Instant leaseExpiresAt) {
    }

    @POST
    @Path("/{queue}/tasks/next")
    @Operation(summary = "Lease the queue's next external task", description = "Body: {\"workerId\": \"...\", "
            + "\"leaseSeconds\": 30}. The highest priority, then oldest, of the tasks the queue has dispatched "
            + "(within its maxConcurrent) and no worker holds. Answers 200 with the task and the lease's end, or 204 "
            + "when there is none. A lease not renewed in time puts the task back (a retryable attempt).")
    public Uni<Response> next(@PathParam("queue") String queue, byte[] body) {
        if (!queues.exists(queue)) {
            throw ApiException.notFound("queue", "There is no queue named '" + queue + "'");
        }
        WorkerCalls.Lease r = read(body, WorkerCalls.Lease.class, "The request has errors");
        // The leased task is answered from the registry of the instance that holds the queue's tasks.
        return routing.atQueueHolder(queue, body, () -> offers.lease(queue, r.workerId(), r.lease()).map(lease -> lease
                .map(l -> Response.ok(new LeasedTask(registry.get(l.taskId()).orElse(null), l.workerId(),
                        l.expiresAt())).build())
                .orElseGet(() -> Response.noContent().build())));
    }

    @POST
    @Path("/tasks/{id}/heartbeat")
    @Operation(summary = "Renew a lease", description = "Body: {\"workerId\": \"...\", \"leaseSeconds\": 30, "
            + "\"progress\": 40, \"step\": \"...\"} (all but workerId optional; progress and step show on the task). "
            + "409 when the worker no longer holds the task: stop working on it.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LeaseView.class)))
    public Uni<Response> heartbeat(@PathParam("id") String id, byte[] body) {
        UUID taskId = TaskLookup.parseId(id);
        return routing.atHolder(taskId, registry.contains(taskId), body, () -> {
            known(id);
            WorkerCalls.Heartbeat r = read(body, WorkerCalls.Heartbeat.class, "The request has errors");
            return offers.heartbeat(taskId, r.workerId(), r.lease(), r.progress(), r.step())
                    .flatMap(until -> until.isPresent()
                            ? Uni.createFrom().item(Response.ok(new LeaseView(taskId, r.workerId(), until.get()))
                                    .build())
                            : lost(taskId, r.workerId()));
        });
    }

    @POST
    @Path("/tasks/{id}/complete")
    @Operation(summary = "Report a leased task done", description = "Body: {\"workerId\": \"...\", \"result\": "
            + "<any JSON>}. Answers 202; the task shows COMPLETED moments later. 409 when the worker no longer holds "
            + "the task.")
    public Uni<Response> complete(@PathParam("id") String id, byte[] body) {
        UUID taskId = TaskLookup.parseId(id);
        return routing.atHolder(taskId, registry.contains(taskId), body, () -> completed(id, body));
    }

    private Uni<Response> completed(String id, byte[] body) {
        UUID taskId = known(id);
        WorkerCalls.Completion done = read(body, WorkerCalls.Completion.class, "The completion report has errors");
        ObjectNode outcome = mapper.createObjectNode().put("status", "COMPLETED");
        if (done.result() != null) {
            outcome.set("result", done.result());
        }
        return report(taskId, done.workerId(), outcome);
    }

    @POST
    @Path("/tasks/{id}/fail")
    @Operation(summary = "Report a leased task failed", description = "Body: {\"workerId\": \"...\", \"error\": "
            + "\"what went wrong\", \"retry\": true, \"result\": <optional partial result>}. With retry (the "
            + "default) the queue's retry policy applies; without, the task goes to the dead letters. Answers 202; "
            + "409 when the worker no longer holds the task.")
    public Uni<Response> fail(@PathParam("id") String id, byte[] body) {
        UUID taskId = TaskLookup.parseId(id);
        return routing.atHolder(taskId, registry.contains(taskId), body, () -> failed(id, body));
    }

    private Uni<Response> failed(String id, byte[] body) {
        UUID taskId = known(id);
        WorkerCalls.Failure failed = read(body, WorkerCalls.Failure.class, "The failure report has errors");
        ObjectNode outcome = mapper.createObjectNode().put("status", "FAILED").put("error", failed.error())
                .put("retry", failed.retry() == null || failed.retry());
        if (failed.result() != null) {
            outcome.set("result", failed.result());
        }
        return report(taskId, failed.workerId(), outcome);
    }

    private Uni<Response> report(UUID taskId, String worker, ObjectNode outcome) {
        return offers.report(taskId, worker, outcome).flatMap(done -> done
                ? Uni.createFrom().item(Response.accepted(registry.get(taskId).orElse(null)).build())
                : lost(taskId, worker));
    }

    /** Why the worker's call about the task was refused. */
    private <T> Uni<T> lost(UUID taskId, String worker) {
        return offers.holder(taskId).map(holder -> {
            String why = holder.map(h -> h.isEmpty()
                    ? "its lease ended and the task went back to the queue"
                    : h.equals(worker) ? "its outcome was reported already" : "worker '" + h + "' holds it now")
                    .orElse("the task is not offered to workers (it ended, was cancelled, or its lease expired)");
            throw ApiException.conflict("lease-lost", "Worker '" + worker + "' does not hold task " + taskId + ": "
                    + why + ". Stop working on it.");
        });
    }

    private UUID known(String id) {
        UUID taskId = TaskLookup.parseId(id);
        if (!registry.contains(taskId)) {
            throw TaskLookup.notFound(id);
        }
        return taskId;
    }

    /** The body as the call's record, or a 400 problem: {@code detail} when fields are wrong. */
    private <R> R read(byte[] body, Class<R> call, String detail) {
        return records.require(JsonBodies.object(mapper, body, "The body"), call, null, detail);
    }
}
