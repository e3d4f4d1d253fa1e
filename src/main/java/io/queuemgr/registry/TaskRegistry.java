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
import java.util.concurrent.atomic.AtomicLongArray;

import jakarta.inject.Singleton;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

/**
 * The in-memory view of the status topic that answers "where is task X". A snapshot replaces the held one only when
 * its version is higher, so replays, duplicates and out-of-order arrivals all converge on the newest state.
 * <p>
 * Each task is held as its snapshot's JSON plus the few fields that listings filter on (see {@link Entry}): a byte
 * array costs the garbage collector nothing to trace, where a whole snapshot is dozens of small objects, and the
 * registry holds every task of the retention period.
 */
@Singleton
public class TaskRegistry {

    private static final Comparator<UUID> NEWEST_FIRST = Comparator.<UUID>naturalOrder().reversed();
    private static final String[] NO_TAGS = {};

    private final TaskCodec codec;
    private final Map<UUID, Entry> tasks = new ConcurrentHashMap<>();
    private final NavigableSet<UUID> order = new ConcurrentSkipListSet<>(NEWEST_FIRST);
    private final Map<String, UUID> byIdempotencyKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicLongArray> byQueueAndStatus = new ConcurrentHashMap<>();

    public TaskRegistry(TaskCodec codec) {
        this.codec = codec;
    }

    /**
     * One task: its newest snapshot as JSON, and what filters and version checks read without parsing it. Queue,
     * type, category, tags and idempotency key never change after submission.
     */
    record Entry(long version, TaskStatus status, String queue, String type, String category, String[] tags,
            String idempotencyKey, long createdMs, long startedMs, long finishedMs, byte[] json) {

        static Entry of(Task t, byte[] json) {
            String[] tags = t.tags().isEmpty() ? NO_TAGS : new String[t.tags().size()];
            int i = 0;
            for (String tag : t.tags()) {
                tags[i++] = tag.intern();
            }
            return new Entry(t.version(), t.status(), t.queue().intern(), t.type().intern(),
                    t.category() == null ? null : t.category().intern(), tags, t.idempotencyKey(),
                    millis(t.createdAt()),
                    millis(t.startedAt()), millis(t.finishedAt()), json);
        }

        /** A later snapshot of the same task, read from its headers: its times are not known without parsing. */
        Entry next(long version, TaskStatus status, byte[] json) {
            return new Entry(version, status, queue, type, category, tags, idempotencyKey, createdMs, 0, 0, json);
        }

        /** A later snapshot of the same task, parsed. */
        Entry next(Task t, byte[] json) {
            return new Entry(t.version(), t.status(), queue, type, category, tags, idempotencyKey, createdMs,
                    millis(t.startedAt()), millis(t.finishedAt()), json);
        }

        private static long millis(java.time.Instant t) {
            return t == null ? 0 : t.toEpochMilli();
        }

        boolean hasTag(String tag) {
            for (String t : tags) {
                if (t.equals(tag)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Takes a snapshot, given with its JSON, if it is newer than the one held; answers whether it did. */
    public boolean apply(Task snapshot, byte[] json) {
        Entry held = tasks.get(snapshot.id());
        Entry next = held == null ? Entry.of(snapshot, json) : held.next(snapshot, json);
        return put(snapshot.id(), next);
    }

    /**
     * Takes a snapshot read from the status topic. When the record's headers give its version and status and the
     * task is known, the JSON is kept without being parsed; otherwise it is parsed once.
     */
    public boolean applyRecord(UUID id, long version, TaskStatus status, byte[] json) {
        Entry held = tasks.get(id);
        // A final snapshot is parsed for its times, which statistics read; others need only their headers.
        if (held != null && version >= 0 && status != null && !status.isFinal()) {
            return held.version() < version && put(id, held.next(version, status, json));
        }
        if (held != null && version >= 0 && held.version() >= version) {
            return false;
        }
        Task snapshot = codec.decode(json);
        return apply(snapshot, json);
    }

    private boolean put(UUID id, Entry next) {
        boolean[] changed = {false};
        boolean[] added = {false};
        Entry[] before = new Entry[1];
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
            AtomicLongArray counts = counts(next.queue());
            if (before[0] != null) {
                counts.decrementAndGet(before[0].status().ordinal());
            }
            counts.incrementAndGet(next.status().ordinal());
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
        Entry gone = tasks.remove(id);
        order.remove(id);
        if (gone != null) {
            counts(gone.queue()).decrementAndGet(gone.status().ordinal());
        }
        if (gone != null && gone.idempotencyKey() != null) {
            byIdempotencyKey.remove(gone.idempotencyKey(), id);
        }
    }

    /** The version held for the task, or -1 when the task is unknown. */
    public long versionOf(UUID id) {
        Entry held = tasks.get(id);
        return held == null ? -1 : held.version();
    }

    public Optional<Task> get(UUID id) {
        Entry held = tasks.get(id);
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
            Entry e = tasks.get(id);
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
        AtomicLongArray counts = byQueueAndStatus.get(queue);
        return counts == null ? 0 : counts.get(status.ordinal());
    }

    /** How many tasks of the queue run now, in any executing status. */
    public long executing(String queue) {
        AtomicLongArray counts = byQueueAndStatus.get(queue);
        long n = 0;
        if (counts != null) {
            for (TaskStatus s : TaskStatus.values()) {
                n += s.isExecuting() ? counts.get(s.ordinal()) : 0;
            }
        }
        return n;
    }

    private AtomicLongArray counts(String queue) {
        return byQueueAndStatus.computeIfAbsent(queue, q -> new AtomicLongArray(TaskStatus.values().length));
    }

    /** Figures over the tasks of one queue (or all, for null) held now, as of {@code nowMs}. */
    public TaskStats stats(String queue, long nowMs) {
        return TaskStats.of(queue, tasks.values().stream().filter(e -> queue == null || queue.equals(e.queue())),
                nowMs);
    }

    /** Whether any task of the queue is not finished yet. */
    public boolean hasActive(String queue) {
        for (TaskStatus s : TaskStatus.values()) {
            if (!s.isFinal() && count(queue, s) > 0) {
                return true;
            }
        }
        return false;
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
        List<Map.Entry<UUID, Entry>> kept = new ArrayList<>();
        List<Expired> out = new ArrayList<>();
        for (Map.Entry<UUID, Entry> me : tasks.entrySet()) {
            Entry e = me.getValue();
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
            for (Map.Entry<UUID, Entry> me : kept.subList(0, kept.size() - maxFinished)) {
                out.add(new Expired(me.getKey(), me.getValue().queue()));
            }
        }
        return out;
    }
}
