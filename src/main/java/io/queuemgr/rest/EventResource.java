package io.queuemgr.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.queuemgr.events.EventFilter;
import io.queuemgr.events.TaskEvents;
import io.queuemgr.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** Task changes as server-sent events, for dashboards and the CLI to follow tasks without polling. */
@Path("/api/events")
@Tag(name = "Tasks")
public class EventResource {

    private final TaskEvents events;

    public EventResource(TaskEvents events) {
        this.events = events;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow task changes", description = "Each change is an event named task whose data is the "
            + "task as GET /api/tasks/{id} shows it and whose id is the stream's position. Filters (queue, status, "
            + "type, tag, task) take several values, repeated or comma-separated. Last-Event-ID (or since) resumes "
            + "after that event without a gap; a comment comes every 15 s while nothing changes; a watcher that "
            + "falls behind gets an event named ended and is closed.")
    @APIResponse(responseCode = "200", description = "The stream of events", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    public Uni<Void> follow(@QueryParam("queue") List<String> queue,
            @QueryParam("status") List<String> status, @QueryParam("type") List<String> type,
            @QueryParam("tag") List<String> tag, @QueryParam("task") List<String> task,
            @QueryParam("since") String since, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context RoutingContext request) {
        EventFilter filter = EventFilter.of(queue, status, type, tag, task);
        String resumeFrom = lastEventId != null && !lastEventId.isBlank() ? lastEventId : since;
        events.watch(filter, resumeFrom, request);
        // The stream writes the response itself, encoding each event once for every watcher; this answer never comes.
        return Uni.createFrom().nothing();
    }
}
