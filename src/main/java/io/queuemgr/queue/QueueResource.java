package io.queuemgr.queue;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.queuemgr.error.ApiException;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.submission.SubmissionIntake;
import io.queuemgr.task.TaskResponses;
import io.smallrye.mutiny.Uni;

/** Queue definitions, kept in PostgreSQL and held by every instance; and submitting to a named queue. */
@Path("/api/queues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Queues")
public class QueueResource {

    private final QueueCatalog catalog;
    private final TaskRegistry registry;
    private final SubmissionIntake intake;
    private final ObjectMapper mapper;
    private final Clock clock = Clock.systemUTC();

    public QueueResource(QueueCatalog catalog, TaskRegistry registry, SubmissionIntake intake, ObjectMapper mapper) {
        this.catalog = catalog;
        this.registry = registry;
        this.intake = intake;
        this.mapper = mapper;
    }

    @GET
    @Operation(summary = "All queues, by name")
    public List<QueueView> list() {
        return catalog.all().stream().map(QueueView::of).toList();
    }

    @GET
    @Path("/{queue}")
    @Operation(summary = "One queue's definition")
    public QueueView get(@PathParam("queue") String name) {
        return QueueView.of(existing(name));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create a queue", description = "Answers 201; 409 when a queue of that name exists.")
    public Uni<Response> create(byte[] body) {
        QueueDefinition q = QueueRequests.create(json(body), clock.instant());
        return Panache.withTransaction(() -> QueueDefinitionEntity.<QueueDefinitionEntity>findById(q.name())
                .flatMap(found -> {
                    if (found != null) {
                        throw exists(q.name());
                    }
                    return new QueueDefinitionEntity().set(q).persist();
                }))
                .onFailure(QueueResource::isDuplicateKey).transform(e -> exists(q.name()))
                .call(saved -> changed(q))
                .map(saved -> Response.created(URI.create("/api/queues/" + q.name())).entity(QueueView.of(q))
                        .build());
    }

    @PUT
    @Path("/{queue}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Change a queue", description = "Only the fields in the body change; the name cannot.")
    public Uni<QueueView> update(@PathParam("queue") String name, byte[] body) {
        JsonNode changes = json(body);
        return Panache.withTransaction(() -> QueueDefinitionEntity.<QueueDefinitionEntity>findById(name)
                .map(found -> {
                    if (found == null) {
                        throw notFound(name);
                    }
                    QueueDefinition current = existing(name);
                    QueueDefinition next = QueueRequests.update(changes, current, clock.instant());
                    found.set(next);
                    return next;
                }))
                .call(this::changed)
                .map(QueueView::of);
    }

    @DELETE
    @Path("/{queue}")
    @Operation(summary = "Delete a queue", description = "409 while the queue has tasks that are not finished, and "
            + "for the default queue.")
    public Uni<Response> delete(@PathParam("queue") String name) {
        existing(name);
        if (QueueDefinition.DEFAULT.equals(name)) {
            throw ApiException.conflict("queue-required", "The default queue always exists");
        }
        if (registry.hasActive(name)) {
            throw ApiException.conflict("queue-has-active-tasks", "Queue '" + name
                    + "' still has tasks that are pending, running or paused; cancel them or let them finish first");
        }
        return Panache.withTransaction(() -> QueueDefinitionEntity.deleteById(name))
                .call(deleted -> {
                    catalog.forget(name);
                    return catalog.announce();
                })
                .map(deleted -> Response.noContent().build());
    }

    @POST
    @Path("/{queue}/tasks")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Submit a task to this queue")
    public Uni<Response> submit(@PathParam("queue") String queue, byte[] body,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return intake.submitOverRest(body, queue, idempotencyKey).map(TaskResponses::accepted);
    }

    private Uni<Void> changed(QueueDefinition q) {
        catalog.put(q);
        return catalog.announce();
    }

    private QueueDefinition existing(String name) {
        return catalog.find(name).orElseThrow(() -> notFound(name));
    }

    private static ApiException notFound(String name) {
        return ApiException.notFound("queue", "There is no queue named '" + name + "'");
    }

    private static ApiException exists(String name) {
        return ApiException.conflict("queue-exists", "A queue named '" + name + "' exists already");
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("duplicate key")) {
                return true;
            }
        }
        return false;
    }

    private JsonNode json(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.invalid("The queue definition must be a JSON object", List.of());
            }
            return node;
        } catch (IOException e) {
            throw ApiException.invalid("The queue definition is not valid JSON", List.of());
        }
    }
}
