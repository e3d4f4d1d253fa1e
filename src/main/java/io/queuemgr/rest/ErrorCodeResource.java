package io.queuemgr.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.error.ApiException;
import io.queuemgr.executor.ErrorCatalogue;
import io.queuemgr.security.Roles;

/** The error catalogue: every code a task can fail with, what it means, what to try, whether a retry can help. */
@Path("/api/errors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Error codes")
@RolesAllowed(Roles.VIEWER)
public class ErrorCodeResource {

    /** One code of the catalogue. */
    @RegisterForReflection
    public record ErrorCodeView(String code, String family, String description, List<String> suggestions,
            boolean retryable) {
    }

    private final ErrorCatalogue catalogue;

    public ErrorCodeResource(ErrorCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @Operation(summary = "Every error code", description = "The service's own codes (family service) and those of "
            + "each executor family; ?family= keeps one family.")
    public List<ErrorCodeView> list(@QueryParam("family") String family) {
        return catalogue.entries().stream().filter(e -> family == null || e.family().equals(family))
                .map(ErrorCodeResource::view).toList();
    }

    @GET
    @Path("/{code}")
    @Operation(summary = "One error code")
    public ErrorCodeView get(@PathParam("code") String code) {
        return catalogue.find(code).map(ErrorCodeResource::view).orElseThrow(() -> ApiException.notFound(
                "error-code", "No error code " + code + " is in the catalogue; GET /api/errors lists them"));
    }

    private static ErrorCodeView view(ErrorCatalogue.Entry entry) {
        var kind = entry.kind();
        return new ErrorCodeView(kind.name(), entry.family(), kind.description(), kind.suggestions(),
                kind.retryable());
    }
}
