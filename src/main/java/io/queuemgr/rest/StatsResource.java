package io.queuemgr.rest;

import java.time.Clock;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.registry.TaskStats;
import io.queuemgr.security.Roles;

/** Statistics over every queue. */
@Path("/api/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Statistics")
@RolesAllowed(Roles.VIEWER)
public class StatsResource {

    private final TaskRegistry registry;
    private final Clock clock;

    public StatsResource(TaskRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Statistics of all queues together", description = "The same figures as "
            + "/api/queues/{queue}/stats, over every task the registry holds.")
    public TaskStats stats() {
        return registry.stats(null, clock.millis());
    }
}
