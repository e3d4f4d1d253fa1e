package io.queuemgr.security;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What an admin asks for when making a token. */
@RegisterForReflection
public record TokenRequest(
        @NotNull @Pattern(regexp = NAME, message = "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                + "letter or digit") String name,
        @NotEmpty(message = "must name at least one role: viewer, submitter, operator, admin or worker") List<@NotNull @Pattern(regexp = "viewer|submitter|operator|admin|worker", message = "must be viewer, submitter, operator, admin or worker") String> roles,
        @Size(max = 100) List<@NotNull @Pattern(regexp = "\\*|[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*(\\.\\*)?", message = "must be a task type, a prefix ending in .* (ssh.*) or *") String> allowedTypes,
        @Future(message = "must be in the future") Instant expiresAt) {

    public static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
}
