package io.queuemgr.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.Breaker;
import io.queuemgr.executor.Breakers;
import io.queuemgr.security.Roles;

/** The circuit breakers of task targets on this instance: which targets fail fast now, and until when. */
@Path("/api/breakers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Circuit breakers")
@RolesAllowed(Roles.VIEWER)
public class BreakerResource {

    /** One target's breaker; {@code openedAt} and {@code retryAfter} are null while it is closed. */
    @RegisterForReflection
    public record BreakerView(String target, String state, int failures, Instant openedAt, Instant retryAfter) {
    }

    private final Breakers breakers;

    public BreakerResource(Breakers breakers) {
        this.breakers = breakers;
    }

    @GET
    @Operation(summary = "Every target's circuit breaker", description = "Targets this instance called lately (a "
            + "webhook's host:port, an SSH host:port:user), each CLOSED, OPEN (tasks to it fail fast with "
            + "CIRCUIT_OPEN until retryAfter) or HALF_OPEN (the next task is the trial), with its failures in a row.")
    public List<BreakerView> list() {
        return breakers.all().stream().map(BreakerResource::view).toList();
    }

    private static BreakerView view(Breaker.View b) {
        return new BreakerView(b.target(), b.state().name(), b.failures(), b.openedAt(), b.retryAfter());
    }
}
