package io.queuemgr.rest;

import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.queuemgr.audit.AuditTrail;
import io.smallrye.mutiny.Uni;

/** A change an endpoint makes, recorded in the audit trail with its outcome under the caller's name. */
@ApplicationScoped
class AuditedChanges {

    private final AuditTrail audit;
    private final SecurityIdentity identity;

    AuditedChanges(AuditTrail audit, SecurityIdentity identity) {
        this.audit = audit;
        this.identity = identity;
    }

    /** Runs the change and records it, or its refusal. */
    <T> Uni<T> audited(String action, String target, Supplier<Uni<? extends T>> change) {
        return audit.recordOutcome(identity.getPrincipal().getName(), action, target,
                Uni.createFrom().<T>deferred(change), t -> Map.of());
    }
}
