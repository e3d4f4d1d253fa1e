package io.queuemgr.control;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Singleton;

import io.queuemgr.error.ApiException;
import io.queuemgr.registry.TaskFilter;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.task.Task;
import io.smallrye.mutiny.Uni;

/** A queue's dead letters (tasks that failed for good): listing them, and requeueing or discarding them together. */
@Singleton
public class DeadLetters {

    private final TaskRegistry registry;
    private final TaskControl control;

    public DeadLetters(TaskRegistry registry, TaskControl control) {
        this.registry = registry;
        this.control = control;
    }

    /** Newest first, of one queue or of all (null); {@code after} is the last id of the previous page. */
    public List<Task> page(String queue, UUID after, int limit) {
        return registry.list(TaskFilter.deadLetters(queue), after, limit);
    }

    /** The task if it is a dead letter of the queue; a 404 problem otherwise. */
    public Task of(String queue, UUID id, String asGiven) {
        Task t = registry.get(id).orElseThrow(() -> ApiException.notFound("task", "No task with id " + asGiven));
        if (!t.queue().equals(queue) || !t.isDeadLetter()) {
            throw ApiException.notFound("dead-letter", "Task " + asGiven + " is not a dead letter of queue '" + queue
                    + "' (it is " + t.status() + " in queue '" + t.queue() + "')");
        }
        return t;
    }

    /** Runs every dead letter of the queue again with a fresh attempt count; answers how many. */
    public Uni<Integer> requeueAll(String queue) {
        return onAll(queue, t -> control.retry(t).replaceWithVoid());
    }

    /** Removes every dead letter of the queue from the registry (history rows stay); answers how many. */
    public Uni<Integer> discardAll(String queue) {
        return onAll(queue, control::discard);
    }

    private Uni<Integer> onAll(String queue, Function<Task, Uni<Void>> action) {
        List<Task> dead = registry.list(TaskFilter.deadLetters(queue), null, Integer.MAX_VALUE);
        if (dead.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Uni.join().all(dead.stream().map(action).toList()).andCollectFailures().map(List::size);
    }
}
