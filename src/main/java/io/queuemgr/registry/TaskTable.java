package io.queuemgr.registry;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.queuemgr.task.TaskStatus;

/**
 * The registry's tasks as columns of primitive arrays, one slot per task: what listings filter on, the times
 * statistics read, and the newest snapshot's stored bytes. A million tasks are a few dozen arrays instead of
 * millions of objects for the collector to trace. Queue, type, category and tags are numbers from shared
 * {@link Codes}; a tag list is one number, its tags each another. Not thread-safe: the registry locks.
 */
final class TaskTable {

    private static final TaskStatus[] STATUSES = TaskStatus.values();
    /** The status of a slot that holds no task. */
    static final byte FREE = -1;

    final Codes<String> queues = new Codes<>();
    final Codes<String> types = new Codes<>();
    final Codes<String> categories = new Codes<>();
    final Codes<String> tags = new Codes<>();
    final Codes<List<String>> tagLists = new Codes<>();

    private long[] msb = new long[0];
    private long[] lsb = new long[0];
    private long[] version = new long[0];
    private long[] createdMs = new long[0];
    private long[] startedMs = new long[0];
    private long[] finishedMs = new long[0];
    private byte[] status = new byte[0];
    private int[] queue = new int[0];
    private int[] type = new int[0];
    /** -1: none. */
    private int[] category = new int[0];
    private int[] tagList = new int[0];
    private String[] idempotencyKey = new String[0];
    /** By tag list number: the numbers of its tags, so that filing a task looks no tag up by name. */
    private int[][] tagCodes = new int[16][];
    private byte[][] stored = new byte[0][];
    /** Slots ever used: every slot below is a task or free. */
    private int high;

    /** A slot past the last one used, the columns grown to hold it. */
    int grow() {
        if (high == msb.length) {
            int n = Math.max(1024, high + (high >> 1));
            msb = Arrays.copyOf(msb, n);
            lsb = Arrays.copyOf(lsb, n);
            version = Arrays.copyOf(version, n);
            createdMs = Arrays.copyOf(createdMs, n);
            startedMs = Arrays.copyOf(startedMs, n);
            finishedMs = Arrays.copyOf(finishedMs, n);
            status = Arrays.copyOf(status, n);
            queue = Arrays.copyOf(queue, n);
            type = Arrays.copyOf(type, n);
            category = Arrays.copyOf(category, n);
            tagList = Arrays.copyOf(tagList, n);
            idempotencyKey = Arrays.copyOf(idempotencyKey, n);
            stored = Arrays.copyOf(stored, n);
        }
        return high++;
    }

    int high() {
        return high;
    }

    /** Fills a slot with a task new to the registry: the fields that never change after submission. */
    void fill(int s, long idMsb, long idLsb, RegistryEntry e) {
        msb[s] = idMsb;
        lsb[s] = idLsb;
        queue[s] = queues.hold(e.queue());
        type[s] = types.hold(e.type());
        category[s] = e.category() == null ? -1 : categories.hold(e.category());
        List<String> tagNames = List.of(e.tags());
        boolean newList = tagLists.find(tagNames) < 0;
        tagList[s] = tagLists.hold(tagNames);
        if (newList) {
            int[] codes = new int[tagNames.size()];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = tags.hold(tagNames.get(i));
            }
            if (tagList[s] >= tagCodes.length) {
                tagCodes = Arrays.copyOf(tagCodes, Math.max(16, tagList[s] * 2));
            }
            tagCodes[tagList[s]] = codes;
        }
        idempotencyKey[s] = e.idempotencyKey();
        createdMs[s] = e.createdMs();
    }

    /** The slot's task moves to a newer snapshot (times: 0 when not known). */
    void update(int s, long v, TaskStatus st, long started, long finished, byte[] bytes) {
        version[s] = v;
        status[s] = (byte) st.ordinal();
        startedMs[s] = started;
        finishedMs[s] = finished;
        stored[s] = bytes;
    }

    /**
     * The slot no longer holds a task: it lets go of its shared values. Its id stays until the slot is reused, for the
     * structures that unfile it.
     */
    void clear(int s) {
        queues.release(queue[s]);
        types.release(type[s]);
        if (category[s] >= 0) {
            categories.release(category[s]);
        }
        int[] codes = tagCodes[tagList[s]];
        if (tagLists.release(tagList[s])) {
            for (int code : codes) {
                tags.release(code);
            }
            tagCodes[tagList[s]] = null;
        }
        status[s] = FREE;
        stored[s] = null;
        idempotencyKey[s] = null;
    }

    /** The numbers of the slot's tags (in {@link #tags}), in the order of its tag list. */
    int[] tagCodes(int s) {
        return tagCodes[tagList[s]];
    }

    long msb(int s) {
        return msb[s];
    }

    long lsb(int s) {
        return lsb[s];
    }

    long version(int s) {
        return version[s];
    }

    boolean isFree(int s) {
        return status[s] == FREE;
    }

    TaskStatus status(int s) {
        return STATUSES[status[s]];
    }

    int queue(int s) {
        return queue[s];
    }

    int type(int s) {
        return type[s];
    }

    int category(int s) {
        return category[s];
    }

    int tagList(int s) {
        return tagList[s];
    }

    String idempotencyKey(int s) {
        return idempotencyKey[s];
    }

    long createdMs(int s) {
        return createdMs[s];
    }

    long startedMs(int s) {
        return startedMs[s];
    }

    long finishedMs(int s) {
        return finishedMs[s];
    }

    byte[] stored(int s) {
        return stored[s];
    }

    /** The slot's task id and stored snapshot, read together under the registry's lock. */
    Held held(int s) {
        return new Held(new UUID(msb[s], lsb[s]), stored[s]);
    }

    record Held(UUID id, byte[] stored) {
    }

    /** Whether the first id sorts before the second, as {@link java.util.UUID#compareTo} orders them. */
    boolean before(int a, int b) {
        return msb[a] != msb[b] ? msb[a] < msb[b] : lsb[a] < lsb[b];
    }

    /** Whether the slot's id sorts before the given one. */
    boolean before(int s, long idMsb, long idLsb) {
        return msb[s] != idMsb ? msb[s] < idMsb : lsb[s] < idLsb;
    }

    /** What the slot holds, as the registry's callers see one task. */
    RegistryEntry entry(int s) {
        String cat = category[s] < 0 ? null : categories.value(category[s]);
        return new RegistryEntry(version[s], status(s), queues.value(queue[s]), types.value(type[s]), cat,
                tagLists.value(tagList[s]).toArray(String[]::new), idempotencyKey[s], createdMs[s], startedMs[s],
                finishedMs[s]);
    }
}
