package io.queuemgr.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.audit.AuditActions;
import io.queuemgr.audit.AuditTrail;
import io.queuemgr.json.JsonBodies;
import io.queuemgr.schedule.ScheduleAdmin;
import io.queuemgr.schedule.ScheduleView;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;
import io.smallrye.mutiny.Uni;

/** Recurring tasks: a cron expression and a submission template, fired once per slot across every instance. */
@Path("/api/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Schedules")
@RolesAllowed(Roles.OPERATOR)
public class ScheduleResource {

    private final ScheduleAdmin admin;
    private final ObjectMapper mapper;
    private final SecurityIdentity identity;
    private final AuditTrail audit;

    public ScheduleResource(ScheduleAdmin admin, ObjectMapper mapper, SecurityIdentity identity, AuditTrail audit) {
        this.admin = admin;
        this.mapper = mapper;
        this.identity = identity;
        this.audit = audit;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "All schedules, by name")
    public List<ScheduleView> list() {
        return admin.list();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{name}")
    @Operation(summary = "One schedule", description = "With its coming fire times and its last firing's task.")
    public ScheduleView get(@PathParam("name") String name) {
        return admin.view(name);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create a schedule", description = "name, cron (5 fields, or 6 with seconds first), "
            + "timeZone (IANA, default UTC), task (a submission as POST /api/tasks takes it), overlap (skip, the "
            + "default, or allow). Answers 201; 409 when the name is taken.")
    public Uni<Response> create(byte[] body) {
        var json = JsonBodies.object(mapper, body, "The schedule");
        String name = json.path("name").asText(null);
        return audited(AuditActions.SCHEDULE_CREATE, name, () -> admin.create(json, Caller.of(identity)))
                .map(view -> Response.created(URI.create("/api/schedules/" + view.name())).entity(view).build());
    }

    @POST
    @Path("/{name}/pause")
    @Operation(summary = "Stop firing", description = "Slots that pass while paused are not made up for.")
    public Uni<ScheduleView> pause(@PathParam("name") String name) {
        return audited(AuditActions.SCHEDULE_PAUSE, name, () -> admin.pause(name));
    }

    @POST
    @Path("/{name}/resume")
    @Operation(summary = "Fire again, from the next slot after now")
    public Uni<ScheduleView> resume(@PathParam("name") String name) {
        return audited(AuditActions.SCHEDULE_RESUME, name, () -> admin.resume(name));
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete a schedule", description = "Tasks it made stay.")
    public Uni<Response> delete(@PathParam("name") String name) {
        return audited(AuditActions.SCHEDULE_DELETE, name, () -> admin.delete(name))
                .map(deleted -> Response.noContent().build());
    }

    /** Runs a change and records it, or its refusal, in the audit trail under the caller's name. */
    private <T> Uni<T> audited(String action, String target, Supplier<Uni<? extends T>> change) {
        return audit.recordOutcome(identity.getPrincipal().getName(), action, target,
                Uni.createFrom().<T>deferred(change), t -> Map.of());
    }
}
