package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small numbers for values that many tasks share (queue names, types, categories, tag lists): a task's column holds
 * the number, and the value is held once. Each number counts its holders; when the last lets go, the value is
 * forgotten and its number given to the next new value, so values that each task has alone (a tag per customer)
 * do not outlive their tasks. An index kept by number is empty for a number no task holds. Not thread-safe: the
 * registry locks.
 */
final class Codes<T> {

    private final Map<T, Integer> codes = new HashMap<>();
    private final List<T> values = new ArrayList<>();
    private int[] holders = new int[16];
    private int[] free = new int[16];
    private int freeCount;

    /** The value's number, for one more holder; a new value gets a number. */
    int hold(T value) {
        Integer code = codes.get(value);
        if (code == null) {
            code = freeCount > 0 ? free[--freeCount] : values.size();
            if (code == values.size()) {
                values.add(value);
                holders = holders.length > code ? holders : Arrays.copyOf(holders, code * 2);
            } else {
                values.set(code, value);
            }
            codes.put(value, code);
        }
        holders[code]++;
        return code;
    }

    /** One holder of the number lets go; answers whether it was the last, the value now forgotten. */
    boolean release(int code) {
        if (--holders[code] > 0) {
            return false;
        }
        codes.remove(values.get(code));
        values.set(code, null);
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = code;
        return true;
    }

    /** The value's number, or -1 when no task holds it. */
    int find(T value) {
        Integer code = codes.get(value);
        return code == null ? -1 : code;
    }

    T value(int code) {
        return values.get(code);
    }

    /** Numbers given out so far: every number is below. */
    int size() {
        return values.size();
    }
}
