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
import io.queuemgr.peer.PeerAddresses;
import io.queuemgr.security.Roles;
import io.smallrye.mutiny.Uni;

/** The instances running tasks now. */
@Path("/api/instances")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Statistics")
@RolesAllowed(Roles.VIEWER)
public class InstanceResource {

    private final DispatchMembers members;
    private final PeerAddresses addresses;

    public InstanceResource(DispatchMembers members, PeerAddresses addresses) {
        this.members = members;
        this.addresses = addresses;
    }

    /** One instance: as the dispatch group has it, and where it serves its API (null if it did not say). */
    public record Instance(String id, String host, List<Integer> partitions, boolean self, String address) {
    }

    @GET
    @Operation(summary = "The instances that dispatch tasks", description = "The members of the dispatch consumer "
            + "group as the broker sees them: each instance's id, host and task-topic partitions (its queues), which "
            + "one answered, and the address it serves its API at. Instances that only serve the API are not listed.")
    public Uni<List<Instance>> instances() {
        return members.now().map(list -> list.stream().map(m -> new Instance(m.id(), m.host(), m.partitions(),
                m.self(), addresses.of(m.id()).map(Object::toString).orElse(null))).toList()).onFailure()
                .transform(e -> new ApiException(503, "kafka-unavailable",
                        "Service unavailable",
                        "The Kafka brokers did not say who is in the dispatch group: " + e.getMessage(),
                        List.of()));
    }
}
