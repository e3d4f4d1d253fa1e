package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small numbers for values that many tasks share (queue names, types, categories, tag lists): a task's column holds
 * the number, and the value is held once. Numbers are never reused, so an index kept by number stays right. Not
 * thread-safe: the registry locks.
 */
final class Codes<T> {

    private final Map<T, Integer> codes = new HashMap<>();
    private final List<T> values = new ArrayList<>();

    /** The value's number, given one if it is new. */
    int code(T value) {
        Integer code = codes.get(value);
        if (code == null) {
            code = values.size();
            codes.put(value, code);
            values.add(value);
        }
        return code;
    }

    /** The value's number, or -1 when no task ever had it. */
    int find(T value) {
        Integer code = codes.get(value);
        return code == null ? -1 : code;
    }

    T value(int code) {
        return values.get(code);
    }

    int size() {
        return values.size();
    }
}
