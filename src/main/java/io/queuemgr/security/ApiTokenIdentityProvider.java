package io.queuemgr.security;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns a known, unexpired, unrevoked API token into the caller's identity: its name, roles and type grants. */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenRequest> {

    private final ApiTokens tokens;
    private final Clock clock;

    public ApiTokenIdentityProvider(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Class<ApiTokenRequest> getRequestType() {
        return ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
        return tokens.verify(request.token(), clock.instant())
                .map(t -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(t.name()))
                        .addRoles(Roles.expand(t.roles()))
                        .addAttribute(Caller.GRANTS, new TypeGrants(t.allowedTypes()))
                        .addAttribute(Caller.INSTANCE, t.name().startsWith(Caller.INSTANCE_TOKEN_PREFIX))
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException(
                        "The API token is unknown, revoked or expired")));
    }
}
