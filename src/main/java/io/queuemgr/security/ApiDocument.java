package io.queuemgr.security;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Declares in the API document how callers authenticate, so that Swagger UI can send a token. */
@OpenAPIDefinition(info = @Info(title = "queuemgr", version = "1"))
@SecurityScheme(securitySchemeName = ApiDocument.SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer", description = "An API token (qm_..., made with POST /api/tokens; the first admin token is in the data "
        + "directory's admin-token file) or an OIDC access token.")
public class ApiDocument extends Application {

    public static final String SCHEME = "bearer";
}
