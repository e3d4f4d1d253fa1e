package io.queuemgr.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Gives an identity from OIDC what an API token's identity has: the roles its roles include, and the code-running
 * task types granted in the configured claim.
 */
@ApplicationScoped
public class RoleAugmentor implements SecurityIdentityAugmentor {

    private final SecurityConfig config;

    public RoleAugmentor(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(Caller.GRANTS) != null) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity)
                .addRoles(Roles.expand(identity.getRoles()));
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            builder.addAttribute(Caller.GRANTS, new TypeGrants(strings(jwt.getClaim(config.oidc()
                    .allowedTypesClaim()))));
            if (jwt.getSubject() != null) {
                // The subject names a person or client for good; a display name may change or repeat.
                builder.setPrincipal(new QuarkusPrincipal(jwt.getSubject()));
            }
        } else {
            builder.addAttribute(Caller.GRANTS, TypeGrants.NONE);
        }
        return Uni.createFrom().item(builder.build());
    }

    private static List<String> strings(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof Collection<?> values) {
            for (Object v : values) {
                out.add(v instanceof JsonString s ? s.getString() : String.valueOf(v));
            }
        } else if (claim instanceof JsonString s) {
            out.addAll(List.of(s.getString().split("[\\s,]+")));
        } else if (claim instanceof String s) {
            out.addAll(List.of(s.split("[\\s,]+")));
        }
        out.removeIf(String::isBlank);
        return out;
    }
}
