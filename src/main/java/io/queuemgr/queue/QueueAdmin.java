package io.queuemgr.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.groups.Default;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.json.Reading;
import io.queuemgr.registry.TaskRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Creates, changes and deletes queue definitions: each change is written to PostgreSQL in one transaction, put in
 * this instance's catalog and announced to every other instance.
 */
@ApplicationScoped
public class QueueAdmin {

    private static final String UNKNOWN = "is not a queue field";

    private final QueueCatalog catalog;
    private final TaskRegistry registry;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final JsonRecords records;

    public QueueAdmin(QueueCatalog catalog, TaskRegistry registry, Clock clock, ObjectMapper mapper,
            JsonRecords records) {
        this.catalog = catalog;
        this.registry = registry;
        this.clock = clock;
        this.mapper = mapper;
        this.records = records;
    }

    /** The definition a create request asks for, or a 400 problem naming each bad field. */
    public QueueDefinition definition(JsonNode body) {
        Instant now = clock.instant();
        return settings(laidOver(QueueDefinition.defaults(null, now), body), List.of(), Default.class,
                QueueSettings.Creation.class).toDefinition(now, now);
    }

    /** The queue with the fields the body names changed, or a 400 problem naming each bad field. */
    private QueueDefinition changed(QueueDefinition current, JsonNode body) {
        JsonNode name = body.get("name");
        List<FieldError> renamed = name != null && !name.isNull() && !current.name().equals(name.asText())
                ? List.of(new FieldError("name", "cannot change; create a new queue instead"))
                : List.of();
        ObjectNode changes = body.deepCopy();
        changes.remove("name");
        return settings(laidOver(current, changes), renamed, Default.class).toDefinition(current.createdAt(),
                clock.instant());
    }

    /** The settings, or a 400 problem that tells what is wrong with the name first, then the rest. */
    private QueueSettings settings(ObjectNode settings, List<FieldError> nameErrors, Class<?>... groups) {
        Reading<QueueSettings> reading = records.read(settings, QueueSettings.class, "", UNKNOWN, groups);
        List<FieldError> errors = new ArrayList<>(nameErrors);
        reading.invalid().stream().filter(e -> e.field().equals("name")).forEach(errors::add);
        errors.addAll(reading.unknown());
        reading.invalid().stream().filter(e -> !e.field().equals("name")).forEach(errors::add);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The queue definition has errors", errors);
        }
        return reading.value();
    }

    /** The queue as the API shows it, with the body's fields in place of its own. */
    private ObjectNode laidOver(QueueDefinition queue, JsonNode body) {
        ObjectNode settings = mapper.valueToTree(QueueView.of(queue));
        settings.remove(List.of("createdAt", "updatedAt"));
        return settings.setAll((ObjectNode) body);
    }

    /** Creates the queue; 409 when the name is taken. */
    public Uni<QueueView> create(QueueDefinition q) {
        return Panache.withTransaction(() -> QueueDefinitionEntity.<QueueDefinitionEntity>findById(q.name())
                .flatMap(found -> {
                    if (found != null) {
                        throw exists(q.name());
                    }
                    return new QueueDefinitionEntity().set(q).persist();
                }))
                .onFailure(QueueAdmin::isDuplicateKey).transform(e -> exists(q.name()))
                .call(saved -> changed(q))
                .map(saved -> QueueView.of(q));
    }

    /** Applies the fields present in the body to an existing queue. */
    public Uni<QueueView> change(String name, JsonNode changes) {
        // Known to the catalog first: a name PostgreSQL cannot even compare is a plain 404.
        existing(name);
        return Panache.withTransaction(() -> QueueDefinitionEntity.<QueueDefinitionEntity>findById(name)
                .map(found -> {
                    if (found == null) {
                        throw notFound(name);
                    }
                    QueueDefinition next = changed(existing(name), changes);
                    found.set(next);
                    return next;
                }))
                .call(this::changed)
                .map(QueueView::of);
    }

    /** Deletes a queue that has no unfinished task; the default queue stays. */
    public Uni<Void> delete(String name) {
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
                .replaceWithVoid();
    }

    /** The queue's definition, or a 404 problem. */
    public QueueDefinition existing(String name) {
        return catalog.find(name).orElseThrow(() -> notFound(name));
    }

    private Uni<Void> changed(QueueDefinition q) {
        catalog.put(q);
        return catalog.announce();
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
}
