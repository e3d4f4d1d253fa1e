package io.queuemgr.rest;

import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.security.Caller;
import io.queuemgr.security.Roles;

/** Who the caller is, so that a client (the dashboard) can offer only the actions its roles allow. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Security")
// Every role of queuemgr includes viewer or worker, so these two admit any caller with a token.
@RolesAllowed({Roles.VIEWER, Roles.WORKER})
public class MeResource {

    /** The caller's name (what tasks show as submittedBy) and every role it holds, the included ones too. */
    @RegisterForReflection
    public record Me(String name, List<String> roles) {
    }

    private final SecurityIdentity identity;

    public MeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The caller", description = "The caller's name and its roles with the roles they include "
            + "(an operator is also a submitter and a viewer), in the order of Roles.ALL.")
    public Me me() {
        Caller caller = Caller.of(identity);
        Set<String> held = Roles.expand(caller.roles());
        List<String> roles = Roles.ALL.stream().filter(held::contains).toList();
        return new Me(caller.name(), roles);
    }
}
