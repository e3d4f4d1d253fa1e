package io.queuemgr.registry;

import java.util.Arrays;

/**
 * The registry's slots in id order (ids are time-ordered, so newest last), for listings that page newest first:
 * a sorted array of slot numbers, and the slots of new tasks in arrival order until they are merged in, which
 * costs one copy of the array and is done before a listing reads it or when many have gathered. A removed task's
 * slot is dropped at the next merge and only then given out again, so that the array never holds a reused slot
 * in its old place. Not thread-safe: the registry locks.
 */
final class NewestFirst {

    /** New or removed slots that make a merge worth its copy without a listing asking. */
    private static final int MERGE_AT = 65_536;

    private final TaskTable table;
    private int[] sorted = new int[0];
    private int sortedSize;
    private int[] arrived = new int[64];
    private int arrivedSize;
    private int removed;
    private int[] reusable = new int[64];
    private int reusableSize;

    NewestFirst(TaskTable table) {
        this.table = table;
    }

    /** A free slot to reuse, or -1. */
    int reuse() {
        return reusableSize == 0 ? -1 : reusable[--reusableSize];
    }

    void add(int s) {
        if (arrivedSize == arrived.length) {
            arrived = Arrays.copyOf(arrived, arrivedSize * 2);
        }
        arrived[arrivedSize++] = s;
        if (arrivedSize >= MERGE_AT) {
            merge();
        }
    }

    /** The slot has been freed in the table. */
    void removed() {
        if (++removed >= MERGE_AT) {
            merge();
        }
    }

    boolean merged() {
        return arrivedSize == 0 && removed == 0;
    }

    /** Merges the new slots in and drops the freed ones. */
    void merge() {
        Integer[] fresh = new Integer[arrivedSize];
        for (int i = 0; i < arrivedSize; i++) {
            fresh[i] = arrived[i];
        }
        Arrays.sort(fresh, (a, b) -> table.before(a, b) ? -1 : table.before(b, a) ? 1 : 0);
        int[] out = new int[sortedSize + arrivedSize];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < sortedSize || j < fresh.length) {
            boolean takeOld = j == fresh.length || i < sortedSize && table.before(sorted[i], fresh[j]);
            int s = takeOld ? sorted[i++] : fresh[j++];
            if (table.isFree(s)) {
                free(s);
            } else {
                out[n++] = s;
            }
        }
        sorted = out;
        sortedSize = n;
        arrivedSize = 0;
        removed = 0;
        if (arrived.length > 1024) {
            arrived = new int[64];
        }
    }

    private void free(int s) {
        if (reusableSize == reusable.length) {
            reusable = Arrays.copyOf(reusable, reusableSize * 2);
        }
        reusable[reusableSize++] = s;
    }

    int size() {
        return sortedSize;
    }

    int at(int i) {
        return sorted[i];
    }

    /** How many merged slots hold an id that sorts before the given one: a page after it starts below there. */
    int below(long msb, long lsb) {
        int lo = 0;
        int hi = sortedSize;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (table.before(sorted[mid], msb, lsb)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
