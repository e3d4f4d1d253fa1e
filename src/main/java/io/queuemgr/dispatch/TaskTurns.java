package io.queuemgr.dispatch;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Changes to one task on this instance, one after the other: a change starts once the one before it has ended,
 * however that went, so two at once (a double-clicked retry) cannot both pass their check.
 */
final class TaskTurns {

    private final Executor workers;
    private final Map<UUID, CompletableFuture<?>> turns = new ConcurrentHashMap<>();

    /** Changes run, and answers continue, on {@code workers}. */
    TaskTurns(Executor workers) {
        this.workers = workers;
    }

    /**
     * Makes the change in the task's turn. A refusal found on the way (409) fails the answer as it was thrown, not
     * wrapped in a {@link CompletionException}.
     */
    <T> CompletableFuture<T> inTurn(UUID taskId, Supplier<CompletableFuture<T>> change) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<?> before = turns.put(taskId, mine);
        CompletableFuture<?> start = before == null
                ? CompletableFuture.completedFuture(null)
                : before.handle((done, error) -> null);
        start.thenComposeAsync(ready -> change.get(), workers).whenComplete((done, error) -> {
            turns.remove(taskId, mine);
            if (error != null) {
                mine.completeExceptionally(unwrapped(error));
            } else {
                mine.complete(done);
            }
        });
        return mine.whenCompleteAsync((done, error) -> {
        }, workers);
    }

    static Throwable unwrapped(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
