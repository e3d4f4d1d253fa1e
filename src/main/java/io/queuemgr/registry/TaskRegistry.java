package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import jakarta.inject.Singleton;

import io.queuemgr.task.Task;

/**
 * The in-memory view of the status topic that answers "where is task X". A snapshot replaces the held one only when
 * its version is higher, so replays, duplicates and out-of-order arrivals all converge on the newest state.
 */
@Singleton
public class TaskRegistry {

    private static final Comparator<UUID> NEWEST_FIRST = Comparator.<UUID>naturalOrder().reversed();

    private final Map<UUID, Task> tasks = new ConcurrentHashMap<>();
    private final NavigableSet<UUID> order = new ConcurrentSkipListSet<>(NEWEST_FIRST);
    private final Map<String, UUID> byIdempotencyKey = new ConcurrentHashMap<>();

    /** Takes a snapshot if it is newer than the one held; answers whether it did. */
    public boolean apply(Task snapshot) {
        Task[] replaced = new Task[1];
        boolean[] changed = {false};
        tasks.compute(snapshot.id(), (id, held) -> {
            if (held != null && held.version() >= snapshot.version()) {
                return held;
            }
            changed[0] = true;
            replaced[0] = held;
            return snapshot;
        });
        // Only a task new to the registry enters the ordered index; later snapshots of it need no index work.
        if (changed[0] && replaced[0] == null) {
            order.add(snapshot.id());
            if (snapshot.idempotencyKey() != null) {
                byIdempotencyKey.putIfAbsent(snapshot.idempotencyKey(), snapshot.id());
            }
        }
        return changed[0];
    }

    /** A tombstone on the status topic: the task has left the registry. */
    public void remove(UUID id) {
        Task gone = tasks.remove(id);
        order.remove(id);
        if (gone != null && gone.idempotencyKey() != null) {
            byIdempotencyKey.remove(gone.idempotencyKey(), id);
        }
    }

    /** Whether the registry already holds this version of the task or a later one (false for version -1). */
    public boolean holdsAtLeast(UUID id, long version) {
        Task held = tasks.get(id);
        return version >= 0 && held != null && held.version() >= version;
    }

    public Optional<Task> get(UUID id) {
        return Optional.ofNullable(tasks.get(id));
    }

    public Optional<Task> byIdempotencyKey(String key) {
        UUID id = byIdempotencyKey.get(key);
        return id == null ? Optional.empty() : get(id);
    }

    /** Newest first; {@code after} is the last id of the previous page. */
    public List<Task> list(TaskFilter filter, UUID after, int limit) {
        List<Task> page = new ArrayList<>(Math.min(limit, 256));
        NavigableSet<UUID> from = after == null ? order : order.tailSet(after, false);
        for (UUID id : from) {
            Task t = tasks.get(id);
            if (t != null && filter.test(t)) {
                page.add(t);
                if (page.size() == limit) {
                    break;
                }
            }
        }
        return page;
    }

    public int size() {
        return tasks.size();
    }
}
