package io.queuemgr.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.queuemgr.dispatch.DispatchMembers;
import io.queuemgr.error.ApiException;
import io.queuemgr.security.Roles;
import io.smallrye.mutiny.Uni;

/** The instances running tasks now. */
@Path("/api/instances")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Statistics")
@RolesAllowed(Roles.VIEWER)
public class InstanceResource {

    private final DispatchMembers members;

    public InstanceResource(DispatchMembers members) {
        this.members = members;
    }

    @GET
    @Operation(summary = "The instances that dispatch tasks", description = "The members of the dispatch consumer "
            + "group as the broker sees them: each instance's id, host and task-topic partitions (its queues), and "
            + "which one answered. Instances that only serve the API are not listed.")
    public Uni<List<DispatchMembers.Member>> instances() {
        return members.now().onFailure().transform(e -> new ApiException(503, "kafka-unavailable",
                "Service unavailable", "The Kafka brokers did not say who is in the dispatch group: " + e.getMessage(),
                List.of()));
    }
}
