package io.queuemgr.rest;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.audit.AuditActions;
import io.queuemgr.audit.AuditDetails;
import io.queuemgr.audit.AuditTrail;
import io.queuemgr.error.ApiException;
import io.queuemgr.security.ApiToken;
import io.queuemgr.security.ApiTokens;
import io.queuemgr.security.Caller;
import io.queuemgr.security.NewToken;
import io.queuemgr.security.Roles;
import io.queuemgr.security.TokenRequest;
import io.queuemgr.security.TokenSecrets;
import io.smallrye.mutiny.Uni;

/** Making, listing and revoking API tokens; admins only. */
@Path("/api/tokens")
@RolesAllowed(Roles.ADMIN)
public class TokenResource {

    private final ApiTokens tokens;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final Clock clock;

    public TokenResource(ApiTokens tokens, SecurityIdentity identity, AuditTrail audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
        this.tokens = tokens;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Make an API token", description = "Answers 201 with the token; it is shown this once and "
            + "kept only as a hash. Code-running task types (command, script, ...) need allowedTypes.")
    public Uni<Response> create(@Valid @NotNull TokenRequest request) {
        ApiToken token = new ApiToken(request.name(), request.roles(), request.allowedTypes(),
                identity.getPrincipal().getName(), clock.instant(), request.expiresAt(), null);
        String secret = TokenSecrets.newToken();
        return audit.recordOutcome(token.createdBy(), AuditActions.TOKEN_CREATE, request.name(),
                Uni.createFrom().deferred(() -> tokens.create(token, secret)),
                made -> AuditDetails.accepted("roles", String.join(",", token.roles()), "allowedTypes",
                        String.join(",", token.allowedTypes())))
                .map(made -> made
                        .map(t -> Response.created(URI.create("/api/tokens/" + t.name())).entity(NewToken.of(t, secret))
                                .build())
                        .orElseThrow(() -> ApiException.conflict("token-exists", "A token named " + request.name()
                                + " exists; revoke it first or choose another name")));
    }

    @GET
    @Operation(summary = "List API tokens", description = "Names, roles, grants and dates; never the tokens.")
    public Uni<List<ApiToken>> list() {
        return tokens.list();
    }

    /** An instance's own token: its id after the prefix, as a configured id or host and pid may spell it. */
    private static final String INSTANCE_NAME = Caller.INSTANCE_TOKEN_PREFIX + "[^\\p{Cntrl}\\s/]{1,200}";

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Revoke an API token", description = "Requests with it are refused (401) from now on, on "
            + "every instance within moments. The token calling cannot revoke itself. An instance's own token "
            + "(instance:<id>, what it asks its peers with) is made anew by that instance at once: revoking it cuts "
            + "off its secret, not the instance.")
    public Uni<ApiToken> revoke(@PathParam("name") String name) {
        if (!name.matches(TokenRequest.NAME) && !name.matches(INSTANCE_NAME)) {
            throw ApiException.notFound("token", "No token named " + name);
        }
        if (name.equals(identity.getPrincipal().getName())) {
            throw ApiException.conflict("token-revokes-itself", "A token cannot revoke itself; revoke " + name
                    + " with another admin token");
        }
        return audit.recordOutcome(identity.getPrincipal().getName(), AuditActions.TOKEN_REVOKE, name,
                Uni.createFrom().deferred(() -> tokens.revoke(name, clock.instant()).map(revoked -> revoked
                        .orElseThrow(() -> ApiException.notFound("token", "No token named " + name)))),
                t -> Map.of());
    }
}
