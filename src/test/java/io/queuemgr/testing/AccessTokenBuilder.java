package io.queuemgr.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test data builder for the claims of an OIDC access token, as Keycloak, Entra ID or Google put them:
 * {@code anAccessToken().inGroups("submitter").withClaim("queuemgr_allowed_types", List.of("command"))}. A
 * {@link LocalIssuer} signs it.
 */
public final class AccessTokenBuilder {

    private final Map<String, Object> claims = new LinkedHashMap<>();
    private Instant issuedAt = Instant.now();
    private Duration lifetime = Duration.ofMinutes(5);

    private AccessTokenBuilder() {
        String subject = UUID.randomUUID().toString();
        claims.put("sub", subject);
        // A display name unlike the subject, so that a test sees which of the two the service keeps.
        claims.put("preferred_username", "display-name-of-" + subject.substring(0, 8));
        claims.put("groups", List.of());
    }

    /** A token for a new subject, in no group, valid for five minutes from now. */
    public static AccessTokenBuilder anAccessToken() {
        return new AccessTokenBuilder();
    }

    public AccessTokenBuilder inGroups(String... groups) {
        claims.put("groups", List.of(groups));
        return this;
    }

    public AccessTokenBuilder withClaim(String name, Object value) {
        claims.put(name, value);
        return this;
    }

    public AccessTokenBuilder issuedBy(String issuer) {
        claims.put("iss", issuer);
        return this;
    }

    /** A token whose five minutes ran out {@code ago}. */
    public AccessTokenBuilder expiredSince(Duration ago) {
        issuedAt = Instant.now().minus(lifetime).minus(ago);
        return this;
    }

    public String subject() {
        return (String) claims.get("sub");
    }

    public String displayName() {
        return (String) claims.get("preferred_username");
    }

    /** The claims to sign; {@code iss} is {@code defaultIssuer} unless the token names another. */
    Map<String, Object> claims(String defaultIssuer) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("iss", defaultIssuer);
        all.putAll(claims);
        all.put("iat", issuedAt.getEpochSecond());
        all.put("exp", issuedAt.plus(lifetime).getEpochSecond());
        all.put("jti", UUID.randomUUID().toString());
        return all;
    }
}
