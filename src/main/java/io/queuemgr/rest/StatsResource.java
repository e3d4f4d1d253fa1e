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

import io.queuemgr.peer.TaskHolders;
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
    private final TaskHolders holders;

    public StatsResource(TaskRegistry registry, Clock clock, TaskRouting routing, TaskHolders holders) {
        this.holders = holders;
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
        if (!routing.applies()) {
            if (!routing.onlyHere()) {
                return Uni.createFrom().item(registry.stats(null, clock.millis()).withoutPoints());
            }
            // An instance asked by another gives the figures of the queues it dispatches (not those it still holds
            // a while after they moved, which their new holder counts), with the durations' quantile points.
            return Uni.createFrom().item(registry.statsOf(holders::dispatchesQueue, clock.millis()));
        }
        TaskStats here = registry.statsOf(holders::dispatchesQueue, clock.millis());
        return routing.fromPeers(TaskStats.class).map(p -> {
            var all = new ArrayList<>(p.answers());
            all.add(here);
            return TaskStats.combined(null, all, p.unanswered()).withoutPoints();
        });
    }
}
