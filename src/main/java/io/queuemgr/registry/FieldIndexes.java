package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.roaringbitmap.RoaringBitmap;

import io.queuemgr.task.TaskStatus;

/**
 * For each queue, status, type, category and tag, the slots of the tasks that have it, as compressed bitmaps: a
 * filter is the intersection of its fields' bitmaps, so a listing costs what it finds, and a value no task has
 * answers at once. A bitmap costs about two bytes per task it holds. Not thread-safe: the registry locks.
 */
final class FieldIndexes {

    private final TaskTable table;
    private final RoaringBitmap all = new RoaringBitmap();
    private final RoaringBitmap[] byStatus = new RoaringBitmap[TaskStatus.values().length];
    private final List<RoaringBitmap> byQueue = new ArrayList<>();
    private final List<RoaringBitmap> byType = new ArrayList<>();
    private final List<RoaringBitmap> byCategory = new ArrayList<>();
    private final List<RoaringBitmap> byTag = new ArrayList<>();

    FieldIndexes(TaskTable table) {
        this.table = table;
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] = new RoaringBitmap();
        }
    }

    /** Files a slot just filled, in its status. */
    void add(int s) {
        all.add(s);
        byStatus[table.status(s).ordinal()].add(s);
        of(byQueue, table.queue(s)).add(s);
        of(byType, table.type(s)).add(s);
        if (table.category(s) >= 0) {
            of(byCategory, table.category(s)).add(s);
        }
        for (int tag : table.tagCodes(s)) {
            of(byTag, tag).add(s);
        }
    }

    void moved(int s, TaskStatus from, TaskStatus to) {
        if (from != to) {
            byStatus[from.ordinal()].remove(s);
            byStatus[to.ordinal()].add(s);
        }
    }

    /** Unfiles a slot that still holds its task's fields. */
    void remove(int s) {
        all.remove(s);
        byStatus[table.status(s).ordinal()].remove(s);
        byQueue.get(table.queue(s)).remove(s);
        byType.get(table.type(s)).remove(s);
        if (table.category(s) >= 0) {
            byCategory.get(table.category(s)).remove(s);
        }
        for (int tag : table.tagCodes(s)) {
            byTag.get(tag).remove(s);
        }
    }

    RoaringBitmap all() {
        return all;
    }

    RoaringBitmap status(TaskStatus status) {
        return byStatus[status.ordinal()];
    }

    /** The slots of the type's tasks, by the type's number. */
    RoaringBitmap type(int code) {
        return find(byType, code);
    }

    /** The slots of the queue's tasks; empty when it has none. */
    RoaringBitmap queue(String queue) {
        return find(byQueue, table.queues.find(queue));
    }

    /** The slots that pass the filter's indexed fields (all but the idempotency key); never modify the answer. */
    RoaringBitmap matching(TaskFilter f) {
        List<RoaringBitmap> sets = new ArrayList<>();
        if (f.queue() != null) {
            sets.add(queue(f.queue()));
        }
        if (f.status() != null) {
            sets.add(byStatus[f.status().ordinal()]);
        }
        if (f.onlyDeadLetters()) {
            RoaringBitmap dead = new RoaringBitmap();
            for (TaskStatus s : TaskStatus.values()) {
                if (s.isDeadLetter()) {
                    dead.or(byStatus[s.ordinal()]);
                }
            }
            sets.add(dead);
        }
        if (f.type() != null) {
            sets.add(find(byType, table.types.find(f.type())));
        }
        if (f.category() != null) {
            sets.add(find(byCategory, table.categories.find(f.category())));
        }
        if (f.tag() != null) {
            sets.add(find(byTag, table.tags.find(f.tag())));
        }
        if (sets.isEmpty()) {
            return all;
        }
        // Smallest first: each intersection is then no larger than the smallest set.
        sets.sort((a, b) -> Long.compare(a.getLongCardinality(), b.getLongCardinality()));
        RoaringBitmap out = sets.get(0);
        for (int i = 1; i < sets.size() && !out.isEmpty(); i++) {
            out = RoaringBitmap.and(out, sets.get(i));
        }
        return out;
    }

    /**
     * Files every held slot anew, after a replay that filed none: each index is built from its slots in ascending
     * order in one go, instead of a million single additions spread over a thousand bitmaps (docs/architecture.md,
     * "Restart").
     */
    void rebuild() {
        Buckets everyOne = new Buckets(1);
        Buckets status = new Buckets(byStatus.length);
        Buckets queue = new Buckets(table.queues.size());
        Buckets type = new Buckets(table.types.size());
        Buckets category = new Buckets(table.categories.size());
        Buckets tag = new Buckets(table.tags.size());
        for (int s = 0; s < table.high(); s++) {
            if (table.isFree(s)) {
                continue;
            }
            everyOne.add(0, s);
            status.add(table.status(s).ordinal(), s);
            queue.add(table.queue(s), s);
            type.add(table.type(s), s);
            if (table.category(s) >= 0) {
                category.add(table.category(s), s);
            }
            for (int t : table.tagCodes(s)) {
                tag.add(t, s);
            }
        }
        all.clear();
        everyOne.into(all, 0);
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i].clear();
            status.into(byStatus[i], i);
        }
        queue.replace(byQueue);
        type.replace(byType);
        category.replace(byCategory);
        tag.replace(byTag);
    }

    /** Slots by a field's number, each list ascending as the slots are given. */
    private static final class Buckets {

        private final int[][] slots;
        private final int[] sizes;

        Buckets(int codes) {
            slots = new int[codes][];
            sizes = new int[codes];
        }

        void add(int code, int slot) {
            int[] b = slots[code];
            if (b == null || sizes[code] == b.length) {
                slots[code] = b = b == null ? new int[16] : Arrays.copyOf(b, b.length * 2);
            }
            b[sizes[code]++] = slot;
        }

        void into(RoaringBitmap bitmap, int code) {
            if (sizes[code] > 0) {
                bitmap.addN(slots[code], 0, sizes[code]);
            }
        }

        void replace(List<RoaringBitmap> index) {
            index.clear();
            for (int code = 0; code < sizes.length; code++) {
                RoaringBitmap b = new RoaringBitmap();
                into(b, code);
                index.add(b);
            }
        }
    }

    private static RoaringBitmap find(List<RoaringBitmap> index, int code) {
        return code < 0 || code >= index.size() ? new RoaringBitmap() : index.get(code);
    }

    private static RoaringBitmap of(List<RoaringBitmap> index, int code) {
        while (index.size() <= code) {
            index.add(new RoaringBitmap());
        }
        return index.get(code);
    }
}
