package io.queuemgr.security;

import java.util.Set;

import io.quarkus.security.identity.SecurityIdentity;

/** Who makes a request: a token's name or an OIDC subject, the roles it holds and its grants of code-running types. */
public record Caller(String name, Set<String> roles, TypeGrants grants) {

    /** The identity attribute that carries a caller's {@link TypeGrants}. */
    public static final String GRANTS = "queuemgr.type-grants";
    /** The identity attribute set, true, only for an instance's own API token ({@link #INSTANCE_TOKEN_PREFIX}). */
    public static final String INSTANCE = "queuemgr.instance";
    /** How an instance's own token is named; no token made through the API can be, as a name there has no colon. */
    public static final String INSTANCE_TOKEN_PREFIX = "instance:";

    /**
     * Whether the identity is another instance of this service, by its own API token: not a role, which an identity
     * provider's groups could name.
     */
    public static boolean isInstance(SecurityIdentity identity) {
        return Boolean.TRUE.equals(identity.getAttribute(INSTANCE)) && identity.hasRole(Roles.PEER);
    }

    public static Caller of(SecurityIdentity identity) {
        TypeGrants grants = identity.getAttribute(GRANTS);
        return new Caller(identity.getPrincipal().getName(), identity.getRoles(),
                grants == null ? TypeGrants.NONE : grants);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Whether this caller may cancel, pause, resume, retry or delete a task: an operator any, a submitter its own. */
    public boolean mayControl(String submittedBy) {
        return has(Roles.OPERATOR) || has(Roles.SUBMITTER) && name.equals(submittedBy);
    }
}
