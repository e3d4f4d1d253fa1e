package io.queuemgr.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.error.ApiException;
import io.queuemgr.peer.TaskHolders;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;
import io.queuemgr.submission.HolderSubmissions;
import io.queuemgr.submission.KafkaOutcome;
import io.queuemgr.submission.KafkaRecordSubmissions;
import io.smallrye.mutiny.Uni;

/**
 * Between instances only (the peer role, which no token made through the API holds): a Kafka submission another
 * instance read, for a queue this one holds, made here as this instance's own Kafka intake would make it.
 */
@Path(HolderSubmissions.PATH)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PEER)
@Tag(name = "Instances")
public class PeerSubmissionResource {

    private final KafkaRecordSubmissions intake;
    private final SecurityIdentity identity;

    public PeerSubmissionResource(KafkaRecordSubmissions intake, SecurityIdentity identity) {
        this.intake = intake;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Between instances: a Kafka submission for a queue this instance holds", description = "Only "
            + "an instance's own token (role peer, which no token made through the API holds) is let in. The record's "
            + "value as the body, its key as key, and the id its place on the submit topic gives as id.")
    public Uni<Response> submit(byte[] value, @QueryParam("key") String key, @QueryParam("id") String id) {
        if (!Caller.isInstance(identity)) {
            // The role alone is not enough: an identity provider's groups could name it.
            throw ApiException.forbidden("not-an-instance", "Only another instance of this service may hand over a "
                    + "submission");
        }
        UUID derived = TaskLookup.parseId(id == null ? "" : id);
        return Uni.createFrom().completionStage(() -> intake.made(value, key, derived, false)).onFailure()
                .transform(e -> e instanceof ApiException ? e : TaskHolders.unavailable(e.getMessage()))
                .map(outcome -> {
                    if (outcome instanceof KafkaOutcome.Refused r) {
                        throw ApiException.invalid(r.reason(), r.errors());
                    }
                    return Response.ok().build();
                });
    }
}
