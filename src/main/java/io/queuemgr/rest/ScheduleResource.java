package io.queuemgr.rest;

import java.net.URI;
import java.util.List;

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
    private final AuditedChanges changes;

    public ScheduleResource(ScheduleAdmin admin, ObjectMapper mapper, SecurityIdentity identity,
            AuditedChanges changes) {
        this.admin = admin;
        this.mapper = mapper;
        this.identity = identity;
        this.changes = changes;
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
        return changes.audited(AuditActions.SCHEDULE_CREATE, name, () -> admin.create(json, Caller.of(identity)))
                .map(view -> Response.created(URI.create("/api/schedules/" + view.name())).entity(view).build());
    }

    @POST
    @Path("/{name}/pause")
    @Operation(summary = "Stop firing", description = "Slots that pass while paused are not made up for.")
    public Uni<ScheduleView> pause(@PathParam("name") String name) {
        return changes.audited(AuditActions.SCHEDULE_PAUSE, name, () -> admin.pause(name));
    }

    @POST
    @Path("/{name}/resume")
    @Operation(summary = "Fire again, from the next slot after now")
    public Uni<ScheduleView> resume(@PathParam("name") String name) {
        return changes.audited(AuditActions.SCHEDULE_RESUME, name, () -> admin.resume(name));
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete a schedule", description = "Tasks it made stay.")
    public Uni<Response> delete(@PathParam("name") String name) {
        return changes.audited(AuditActions.SCHEDULE_DELETE, name, () -> admin.delete(name))
                .map(deleted -> Response.noContent().build());
    }

}
