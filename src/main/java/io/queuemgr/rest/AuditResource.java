package io.queuemgr.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.queuemgr.audit.AuditListing;
import io.queuemgr.audit.AuditPage;
import io.queuemgr.audit.AuditQuery;
import io.smallrye.mutiny.Uni;

/** Reading the audit trail: who changed what, and when. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

    private final AuditQuery query;

    public AuditResource(AuditQuery query) {
        this.query = query;
    }

    @GET
    @RolesAllowed("admin")
    @Operation(summary = "The audit trail, newest first", description = "Every recorded mutation (submissions, task "
            + "control, queue and token changes) with its principal, action, target, time and details. Filters "
            + "combine; an event shows up moments after it was recorded. Pass next back as before for the next "
            + "page; next is null on the last one. Invalid parameters answer 400 with every field at fault.")
    public Uni<AuditPage> list(
            @Parameter(description = "Only this principal's actions (an API token's name or an OIDC subject)") @QueryParam("principal") String principal,
            @Parameter(description = "Only this action, e.g. task.cancel or queue.change") @QueryParam("action") String action,
            @Parameter(description = "Only actions on this target: a task id, queue name or token name") @QueryParam("target") String target,
            @Parameter(description = "Only events at or after this ISO-8601 instant") @QueryParam("since") String since,
            @Parameter(description = "Only events before this ISO-8601 instant") @QueryParam("until") String until,
            @Parameter(description = "Page size, 1 to 1000; 100 when absent") @QueryParam("limit") String limit,
            @Parameter(description = "The next cursor of the previous page") @QueryParam("before") String before) {
        AuditListing listing = AuditListing.parse(principal, action, target, since, until, limit, before);
        return query.page(listing.filter(), listing.before(), listing.limit());
    }
}
