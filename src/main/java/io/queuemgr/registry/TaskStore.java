package io.queuemgr.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.roaringbitmap.RoaringBitmap;

import io.queuemgr.task.TaskStatus;

/**
 * The registry's structures kept in step: the task columns, the id table, the field indexes, the id order and the
 * idempotency keys. A task costs about a hundred bytes here besides its stored snapshot. Not thread-safe:
 * {@link TaskRegistry} locks around every call.
 */
final class TaskStore {

    final TaskTable table = new TaskTable();
    final StatusCounts counts = new StatusCounts();
    private final SlotIndex ids = new SlotIndex(table);
    private final FieldIndexes indexes = new FieldIndexes(table);
    private final NewestFirst order = new NewestFirst(table);
    private final Pages pages = new Pages(table, order);
    private final IdempotencyKeys keys = new IdempotencyKeys(table);
    /** False while a replay fills the registry: its tasks are filed in the field indexes at once at its end. */
    private boolean filing = true;
    /** Changed under the registry's write lock, read without a lock. */
    private volatile int size;
    /**
     * Tasks this instance removed when the broker acked its own tombstone, with the version they had, until the reader
     * reads that tombstone: a snapshot the reader has not passed yet is older and must not bring the task back.
     */
    private final Map<UUID, Long> removedAhead = new HashMap<>();

    int size() {
        return size;
    }

    /** The task's slot, or -1. */
    int slot(UUID id) {
        return ids.find(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    int slot(String idempotencyKey) {
        return keys.slot(idempotencyKey);
    }

    /** A task as a checkpoint carries it; {@code holdsKey}: a lookup by its idempotency key answers this task. */
    record Restored(UUID id, RegistryEntry entry, byte[] stored, boolean holdsKey) {
    }

    /** Takes each task held, for a checkpoint. */
    interface EachTask {
        void take(Restored task) throws IOException;
    }

    /** The tasks held in slots {@code from} to {@code from + n}, and the slot to go on from; -1 past the last. */
    record Slice(List<Restored> tasks, int next) {
    }

    Slice slice(int from, int n) {
        int to = Math.min(from + n, table.high());
        List<Restored> tasks = new ArrayList<>(Math.max(0, to - from));
        for (int s = from; s < to; s++) {
            if (!table.isFree(s)) {
                tasks.add(new Restored(new UUID(table.msb(s), table.lsb(s)), table.entry(s), table.stored(s),
                        keys.answers(s)));
            }
        }
        return new Slice(tasks, to < table.high() ? to : -1);
    }

    /** The tasks of the queues that pass. */
    List<UUID> idsIn(Predicate<String> queues) {
        Map<Integer, Boolean> passes = new HashMap<>();
        List<UUID> ids = new ArrayList<>();
        for (int s = 0; s < table.high(); s++) {
            if (!table.isFree(s)
                    && passes.computeIfAbsent(table.queue(s), q -> queues.test(table.queues.value(q)))) {
                ids.add(new UUID(table.msb(s), table.lsb(s)));
            }
        }
        return ids;
    }

    /**
     * A task from a checkpoint, as a replay would have put it (the stored form is the registry's own); a lookup by its
     * idempotency key answers it only where it did when the checkpoint was written.
     */
    void restore(Restored t) {
        put(t.id(), t.entry(), t.stored(), false);
        if (t.holdsKey()) {
            int s = slot(t.id());
            if (s >= 0) {
                keys.give(s);
            }
        }
    }

    /** Every task of another store, each as {@link #restore} puts a checkpoint's. */
    void restoreAll(TaskStore from) {
        for (int s = 0; s >= 0;) {
            Slice slice = from.slice(s, RegistryCopies.SLICE);
            slice.tasks().forEach(this::restore);
            s = slice.next();
        }
    }

    /** Takes the snapshot if it is newer than the one held, or the task is new; answers whether it did. */
    boolean put(UUID id, RegistryEntry e, byte[] stored) {
        return put(id, e, stored, true);
    }

    /** {@code claimKey}: a lookup by the task's idempotency key answers it if it answers no other task yet. */
    private boolean put(UUID id, RegistryEntry e, byte[] stored, boolean claimKey) {
        int s = slot(id);
        if (s >= 0) {
            return update(s, e.version(), e.status(), e.startedMs(), e.finishedMs(), stored);
        }
        Long removed = removedAhead.get(id);
        if (removed != null && removed >= e.version()) {
            return false;
        }
        s = order.reuse();
        s = s >= 0 ? s : table.grow();
        size++;
        table.fill(s, id.getMostSignificantBits(), id.getLeastSignificantBits(), e);
        table.update(s, e.version(), e.status(), e.startedMs(), e.finishedMs(), stored);
        ids.add(s);
        if (filing) {
            indexes.add(s);
        }
        order.add(s);
        if (claimKey) {
            keys.claim(s);
        }
        counts.moved(e.queue(), null, e.status());
        return true;
    }

    /** A newer snapshot of the task in the slot; answers whether it was newer. */
    boolean update(int s, long version, TaskStatus status, long startedMs, long finishedMs, byte[] stored) {
        if (table.version(s) >= version) {
            return false;
        }
        TaskStatus from = table.status(s);
        table.update(s, version, status, startedMs, finishedMs, stored);
        if (filing) {
            indexes.moved(s, from, status);
        }
        counts.moved(table.queues.value(table.queue(s)), from, status);
        return true;
    }

    /** The tombstone read from the status topic: the task leaves, and snapshots after it are taken again. */
    boolean remove(UUID id, boolean last) {
        if (last) {
            removedAhead.remove(id);
        }
        return removeHeld(id);
    }

    /**
     * This instance's tombstone, acked: the task leaves before the reader gets there, and until it does, no snapshot of
     * the version held or older brings it back.
     */
    boolean removeAhead(UUID id) {
        int s = slot(id);
        if (s >= 0) {
            removedAhead.put(id, table.version(s));
        }
        return removeHeld(id);
    }

    /** Answers whether the task was held. */
    private boolean removeHeld(UUID id) {
        int s = slot(id);
        if (s < 0) {
            return false;
        }
        if (filing) {
            indexes.remove(s);
        }
        counts.moved(table.queues.value(table.queue(s)), table.status(s), null);
        keys.release(s);
        ids.remove(s);
        table.clear(s);
        order.removed();
        size--;
        return true;
    }

    /** Until {@link #fileAll()}, tasks are held and counted but not filed in the field indexes. */
    void holdFiling() {
        filing = false;
    }

    boolean filing() {
        return filing;
    }

    /** Files every task held in the field indexes and files each change from now on again. */
    void fileAll() {
        if (!filing) {
            indexes.rebuild();
            filing = true;
        }
    }

    boolean ordered() {
        return order.merged();
    }

    /** Brings new tasks into the id order, before a listing reads it. */
    void order() {
        order.merge();
    }

    /** The slots of one page, newest first, of the tasks that pass the filter and come after {@code after}. */
    int[] page(TaskFilter filter, UUID after, int limit) {
        RoaringBitmap matches = indexes.matching(filter);
        if (filter.idempotencyKey() != null) {
            int s = slot(filter.idempotencyKey());
            matches = s >= 0 && matches.contains(s) ? RoaringBitmap.bitmapOf(s) : new RoaringBitmap();
        }
        long[] from = after == null
                ? null
                : new long[]{after.getMostSignificantBits(), after.getLeastSignificantBits()};
        return pages.page(matches, matches == indexes.all(), from, limit);
    }

    /** See {@link TaskStats#of}. */
    TaskStats stats(String queue, long nowMs, Runnable pause) {
        return TaskStats.of(queue, table, indexes, nowMs, pause);
    }

    TaskStats statsOf(Predicate<String> queues, long nowMs, Runnable pause) {
        return TaskStats.ofQueues(queues, table, indexes, nowMs, pause);
    }

    /** See {@link TaskRegistry#expired}; {@code pause} as for {@link TaskStats#of}. */
    List<TaskRegistry.Expired> expired(long doneBeforeMs, long deadBeforeMs, int maxFinished, Runnable pause) {
        return ExpiredTasks.of(table, indexes.all(), doneBeforeMs, deadBeforeMs, maxFinished, pause);
    }
}
