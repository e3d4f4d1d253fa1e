package io.queuemgr.queue;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.queuemgr.error.ApiException;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.registry.TaskRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Creates, changes and deletes queue definitions: each change is written to PostgreSQL in one transaction, put in
 * this instance's catalog and announced to every other instance.
 */
@ApplicationScoped
public class QueueAdmin {

    private final QueueCatalog catalog;
    private final TaskRegistry registry;
    private final Clock clock;
    private final QueueBodies bodies;

    public QueueAdmin(QueueCatalog catalog, TaskRegistry registry, Clock clock, ObjectMapper mapper,
            JsonRecords records) {
        this.catalog = catalog;
        this.registry = registry;
        this.clock = clock;
        this.bodies = new QueueBodies(mapper, records);
    }

    /** The definition a create request asks for, or a 400 problem naming each bad field. */
    public QueueDefinition definition(JsonNode body) {
        return bodies.created(body, clock.instant());
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
                    QueueDefinition next = bodies.changed(existing(name), changes, clock.instant());
                    found.set(next);
                    return next;
                }))
                // The row was deleted between the read and the update (no row left to update): the queue is gone.
                .onFailure(QueueAdmin::isGoneMeanwhile).transform(e -> notFound(name))
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

    private static boolean isGoneMeanwhile(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException) {
                return true;
            }
        }
        return false;
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
