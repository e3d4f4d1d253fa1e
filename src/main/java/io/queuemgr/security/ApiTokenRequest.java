package io.queuemgr.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A request's bearer API token, on its way to {@link ApiTokenIdentityProvider}. */
public class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
