package io.queuemgr.rest;

import java.time.Clock;
import java.util.ArrayList;

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
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** Statistics over every queue. */
@Path("/api/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Statistics")
@RolesAllowed(Roles.VIEWER)
public class StatsResource {

    private final TaskRegistry registry;
    private final Clock clock;
    private final TaskRouting routing;

    public StatsResource(TaskRegistry registry, Clock clock, TaskRouting routing) {
        this.registry = registry;
        this.clock = clock;
        this.routing = routing;
    }

    @GET
    @Operation(summary = "Statistics of all queues together", description = "The same figures as "
            + "/api/queues/{queue}/stats, over every task the registry holds. With split holding, every instance's "
            + "figures combined; unanswered names the instances whose tasks they lack.")
    @Blocking
    public Uni<TaskStats> stats() {
        TaskStats here = registry.stats(null, clock.millis());
        if (!routing.applies()) {
            // An instance asked by another gives the durations' quantile points, to be combined with the others'.
            return Uni.createFrom().item(routing.onlyHere() ? here : here.withoutPoints());
        }
        return routing.fromPeers(TaskStats.class).map(p -> {
            var all = new ArrayList<>(p.answers());
            all.add(here);
            return TaskStats.combined(null, all, p.unanswered()).withoutPoints();
        });
    }
}
