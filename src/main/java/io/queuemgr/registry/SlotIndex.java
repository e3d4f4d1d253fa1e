package io.queuemgr.registry;

import java.util.Arrays;

/**
 * Task id to slot: an open-addressing table of slot numbers whose keys are read from the table's id columns, so a
 * task costs two ints here instead of a map node and a {@code UUID} object. Not thread-safe: the registry locks.
 */
final class SlotIndex {

    private static final int EMPTY = -1;
    /** A removed key: probing goes on past it; an insert may reuse it. */
    private static final int GONE = -2;

    private final TaskTable table;
    private int[] slots = filled(1024);
    /** Cells not empty: live slots and removed keys. */
    private int used;
    private int live;

    SlotIndex(TaskTable table) {
        this.table = table;
    }

    /** The slot of the id, or -1. */
    int find(long msb, long lsb) {
        int mask = slots.length - 1;
        for (int i = hash(msb, lsb) & mask;; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == EMPTY) {
                return -1;
            }
            if (s >= 0 && table.msb(s) == msb && table.lsb(s) == lsb) {
                return s;
            }
        }
    }

    /** Files the slot under the id its columns hold; the id must not be filed yet. */
    void add(int slot) {
        // At most three quarters full, counting removed keys; half full at most after a rehash.
        if ((used + 1) * 4L > slots.length * 3L) {
            rehash(Math.max(1024, Integer.highestOneBit(Math.max(1, live + 1) * 2 - 1) << 1));
        }
        live++;
        int mask = slots.length - 1;
        int i = hash(table.msb(slot), table.lsb(slot)) & mask;
        while (slots[i] >= 0) {
            i = (i + 1) & mask;
        }
        if (slots[i] == EMPTY) {
            used++;
        }
        slots[i] = slot;
    }

    /** Unfiles the slot, whose columns still hold its id. */
    void remove(int slot) {
        int mask = slots.length - 1;
        for (int i = hash(table.msb(slot), table.lsb(slot)) & mask; slots[i] != EMPTY; i = (i + 1) & mask) {
            if (slots[i] == slot) {
                slots[i] = GONE;
                live--;
                return;
            }
        }
    }

    private void rehash(int capacity) {
        int[] old = slots;
        slots = filled(capacity);
        used = 0;
        live = 0;
        for (int s : old) {
            if (s >= 0) {
                add(s);
            }
        }
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, EMPTY);
        return a;
    }

    /** Ids made here are partly random; ids given by clients may not be, so the bits are mixed. */
    private static int hash(long msb, long lsb) {
        long h = (msb ^ Long.rotateLeft(lsb, 32)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }
}
