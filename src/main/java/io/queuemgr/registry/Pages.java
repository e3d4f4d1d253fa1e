package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.roaringbitmap.RoaringBitmap;

/**
 * One listing page, newest first, of the slots a filter matches. Few matches are sorted by id directly; many are
 * found by walking the id order and asking the bitmap, which stops after about {@code limit × tasks / matches}
 * steps. Either way the cost follows the matches, not the registry's size. Read under the registry's read lock.
 */
final class Pages {

    /** Up to this many matches are sorted directly; beyond, the walk finds a page sooner. */
    private static final int SORT_AT_MOST = 8_192;

    private final TaskTable table;
    private final NewestFirst order;

    Pages(TaskTable table, NewestFirst order) {
        this.table = table;
        this.order = order;
    }

    /**
     * The page's slots: of {@code matches} ({@code everything} when the filter names no field), with ids before
     * {@code after} (null: from the newest).
     */
    int[] page(RoaringBitmap matches, boolean everything, long[] after, int limit) {
        if (matches.isEmpty() || limit <= 0) {
            return new int[0];
        }
        if (!everything && matches.getLongCardinality() <= SORT_AT_MOST) {
            return sorted(matches, after, limit);
        }
        List<Integer> page = new ArrayList<>(Math.min(limit, 256));
        int from = after == null ? order.size() : order.below(after[0], after[1]);
        for (int i = from - 1; i >= 0 && page.size() < limit; i--) {
            int s = order.at(i);
            if (!table.isFree(s) && (everything || matches.contains(s))) {
                page.add(s);
            }
        }
        return page.stream().mapToInt(Integer::intValue).toArray();
    }

    private int[] sorted(RoaringBitmap matches, long[] after, int limit) {
        Integer[] found = new Integer[matches.getCardinality()];
        int n = 0;
        for (int s : matches) {
            if (after == null || table.before(s, after[0], after[1])) {
                found[n++] = s;
            }
        }
        Arrays.sort(found, 0, n, (a, b) -> table.before(a, b) ? 1 : table.before(b, a) ? -1 : 0);
        int[] page = new int[Math.min(n, limit)];
        for (int i = 0; i < page.length; i++) {
            page[i] = found[i];
        }
        return page;
    }
}
