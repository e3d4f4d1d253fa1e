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
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

/**
 * The in-memory view of the status topic that answers "where is task X". A snapshot replaces the held one only when
 * its version is higher, so replays, duplicates and out-of-order arrivals all converge on the newest state.
 * <p>
 * Each task is held as its snapshot's JSON plus the few fields that listings filter on (see {@link RegistryEntry}): a byte
 * array costs the garbage collector nothing to trace, where a whole snapshot is dozens of small objects, and the
 * registry holds every task of the retention period.
 */
@Singleton
public class TaskRegistry {

    private static final Comparator<UUID> NEWEST_FIRST = Comparator.<UUID>naturalOrder().reversed();

    private final TaskCodec codec;
    private final Map<UUID, RegistryEntry> tasks = new ConcurrentHashMap<>();
    private final NavigableSet<UUID> order = new ConcurrentSkipListSet<>(NEWEST_FIRST);
    private final Map<String, UUID> byIdempotencyKey = new ConcurrentHashMap<>();
    private final StatusCounts counts = new StatusCounts();

    public TaskRegistry(TaskCodec codec) {
        this.codec = codec;
    }

    /** Takes a snapshot, given with its JSON, if it is newer than the one held; answers whether it did. */
    public boolean apply(Task snapshot, byte[] json) {
        RegistryEntry held = tasks.get(snapshot.id());
        RegistryEntry next = held == null ? RegistryEntry.of(snapshot, json) : held.next(snapshot, json);
        return put(snapshot.id(), next);
    }

    /**
     * Takes a snapshot read from the status topic. When the record's headers give its version and status (and a
     * final one's finishing time) and the task is known, the JSON is kept without being parsed; otherwise it is parsed
     * once. Times are epoch milliseconds, negative when the headers do not say.
     */
    public boolean applyRecord(UUID id, long version, TaskStatus status, long startedMs, long finishedMs, byte[] json) {
        RegistryEntry held = tasks.get(id);
        // Statistics read a final snapshot's times: one written before its headers carried them is parsed.
        if (held != null && version >= 0 && status != null && (!status.isFinal() || finishedMs >= 0)) {
            return held.version() < version
                    && put(id, held.next(version, status, Math.max(startedMs, 0), Math.max(finishedMs, 0), json));
        }
        if (held != null && version >= 0 && held.version() >= version) {
            return false;
        }
        Task snapshot = codec.decode(json);
        return apply(snapshot, json);
    }

    private boolean put(UUID id, RegistryEntry next) {
        boolean[] changed = {false};
        boolean[] added = {false};
        RegistryEntry[] before = new RegistryEntry[1];
        tasks.compute(id, (key, held) -> {
            if (held != null && held.version() >= next.version()) {
                return held;
            }
            changed[0] = true;
            added[0] = held == null;
            before[0] = held;
            return next;
        });
        if (changed[0]) {
            counts.moved(next.queue(), before[0] == null ? null : before[0].status(), next.status());
        }
        // Only a task new to the registry enters the indexes; later snapshots of it need no index work.
        if (added[0]) {
            order.add(id);
            if (next.idempotencyKey() != null) {
                byIdempotencyKey.putIfAbsent(next.idempotencyKey(), id);
            }
        }
        return changed[0];
    }

    /** A tombstone on the status topic: the task has left the registry. */
    public void remove(UUID id) {
        RegistryEntry gone = tasks.remove(id);
        order.remove(id);
        if (gone != null) {
            counts.moved(gone.queue(), gone.status(), null);
        }
        if (gone != null && gone.idempotencyKey() != null) {
            byIdempotencyKey.remove(gone.idempotencyKey(), id);
        }
    }

    /** The entry held for the task, or null: its queue, type and tags never change, whichever version it is. */
    RegistryEntry entry(UUID id) {
        return tasks.get(id);
    }

    /** The version held for the task, or -1 when the task is unknown. */
    public long versionOf(UUID id) {
        RegistryEntry held = tasks.get(id);
        return held == null ? -1 : held.version();
    }

    public Optional<Task> get(UUID id) {
        RegistryEntry held = tasks.get(id);
        return held == null ? Optional.empty() : Optional.of(codec.decode(held.json()));
    }

    public boolean contains(UUID id) {
        return tasks.containsKey(id);
    }

    public Optional<Task> byIdempotencyKey(String key) {
        UUID id = byIdempotencyKey.get(key);
        return id == null ? Optional.empty() : get(id);
    }

    /** Newest first; {@code after} is the last id of the previous page. Only the page's tasks are parsed. */
    public List<Task> list(TaskFilter filter, UUID after, int limit) {
        List<Task> page = new ArrayList<>(Math.min(limit, 256));
        NavigableSet<UUID> from = after == null ? order : order.tailSet(after, false);
        for (UUID id : from) {
            RegistryEntry e = tasks.get(id);
            if (e != null && filter.matches(e)) {
                page.add(codec.decode(e.json()));
                if (page.size() == limit) {
                    break;
                }
            }
        }
        return page;
    }

    /** How many tasks of the queue are in the status now; kept as snapshots arrive, so reading it costs nothing. */
    public long count(String queue, TaskStatus status) {
        return counts.count(queue, status);
    }

    /** How many tasks of the queue run now, in any executing status. */
    public long executing(String queue) {
        return counts.executing(queue);
    }

    /** Figures over the tasks of one queue (or all, for null) held now, as of {@code nowMs}. */
    public TaskStats stats(String queue, long nowMs) {
        return TaskStats.of(queue, tasks.values().stream().filter(e -> queue == null || queue.equals(e.queue())),
                nowMs);
    }

    /** Whether any task of the queue is not finished yet. */
    public boolean hasActive(String queue) {
        return counts.hasActive(queue);
    }

    public int size() {
        return tasks.size();
    }

    /** A finished task due to leave the registry, with its queue. */
    public record Expired(UUID id, String queue) {
    }

    /**
     * Finished tasks due to leave the registry: COMPLETED and CANCELLED ones that finished before {@code doneBefore},
     * dead letters (FAILED, TIMEOUT) that finished before {@code deadBefore}, and beyond those the oldest finished
     * tasks past {@code maxFinished}, oldest first.
     */
    public List<Expired> expired(long doneBeforeMs, long deadBeforeMs, int maxFinished) {
        List<Map.Entry<UUID, RegistryEntry>> kept = new ArrayList<>();
        List<Expired> out = new ArrayList<>();
        for (Map.Entry<UUID, RegistryEntry> me : tasks.entrySet()) {
            RegistryEntry e = me.getValue();
            if (!e.status().isFinal() || e.finishedMs() == 0) {
                continue;
            }
            long before = e.status().isDeadLetter() ? deadBeforeMs : doneBeforeMs;
            if (e.finishedMs() < before) {
                out.add(new Expired(me.getKey(), e.queue()));
            } else {
                kept.add(me);
            }
        }
        if (kept.size() > maxFinished) {
            kept.sort(Comparator.comparingLong(me -> me.getValue().finishedMs()));
            for (Map.Entry<UUID, RegistryEntry> me : kept.subList(0, kept.size() - maxFinished)) {
                out.add(new Expired(me.getKey(), me.getValue().queue()));
            }
        }
        return out;
    }
}
