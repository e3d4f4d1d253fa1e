package io.queuemgr.security;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A token just made: the only answer that ever holds the token itself. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewToken(String name, String token, List<String> roles, List<String> allowedTypes, String createdBy,
        Instant createdAt, Instant expiresAt) {

    public static NewToken of(ApiToken t, String secret) {
        return new NewToken(t.name(), secret, t.roles(), t.allowedTypes(), t.createdBy(), t.createdAt(),
                t.expiresAt());
    }
}
