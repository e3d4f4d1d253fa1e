package io.queuemgr.registry;

import java.util.HashMap;
import java.util.Map;

/**
 * Which held task a lookup by idempotency key answers. Two tasks may carry one key (a key is matched within one
 * instance's registry): the lookup answers the first read, and keeps answering it until it leaves. Not thread-safe,
 * like the {@link TaskStore} it belongs to.
 */
final class IdempotencyKeys {

    private final TaskTable table;
    private final Map<String, Integer> slots = new HashMap<>();

    IdempotencyKeys(TaskTable table) {
        this.table = table;
    }

    /** The slot a lookup by the key answers, or -1. */
    int slot(String key) {
        Integer s = slots.get(key);
        return s == null ? -1 : s;
    }

    /** Whether a lookup by the slot's key answers it. */
    boolean answers(int s) {
        String key = table.idempotencyKey(s);
        return key != null && slot(key) == s;
    }

    /** The slot's task is answered for its key if no other task is yet. */
    void claim(int s) {
        String key = table.idempotencyKey(s);
        if (key != null) {
            slots.putIfAbsent(key, s);
        }
    }

    /** The slot's task is answered for its key from now on, whichever was before. */
    void give(int s) {
        String key = table.idempotencyKey(s);
        if (key != null) {
            slots.put(key, s);
        }
    }

    /** The slot's task leaves: its key answers nothing, unless it answered another task. */
    void release(int s) {
        String key = table.idempotencyKey(s);
        if (key != null) {
            slots.remove(key, s);
        }
    }
}
