package io.queuemgr.security;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An API token as the service keeps and shows it: never the token itself, which only its holder has. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiToken(String name, List<String> roles, List<String> allowedTypes, String createdBy,
        Instant createdAt, Instant expiresAt, Instant revokedAt) {

    public ApiToken {
        roles = List.copyOf(roles);
        allowedTypes = allowedTypes == null ? List.of() : List.copyOf(allowedTypes);
    }

    /** Whether the token lets its holder in at the given moment. */
    public boolean validAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
