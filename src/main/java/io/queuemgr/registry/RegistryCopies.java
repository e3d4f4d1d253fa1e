package io.queuemgr.registry;

import java.io.IOException;
import java.util.List;

/**
 * The registry as checkpoints copy it: handed over a slice at a time while it keeps changing, filled from a
 * checkpoint, taken over whole from a store read early, or let go of when a checkpoint could not be taken back.
 */
class RegistryCopies {

    /** Slots copied at a time: under one hold of the lock for a checkpoint, per slice when taking a store over. */
    static final int SLICE = 8_192;

    private final TaskRegistry registry;

    RegistryCopies(TaskRegistry registry) {
        this.registry = registry;
    }

    /**
     * For a checkpoint: every task held, copied a slice at a time under the read lock and handed over outside it, so
     * that changes wait for one copy at most, never for the file (a task that changes meanwhile is handed over as it
     * stands when its slice comes; one that comes meanwhile may be left out).
     */
    void eachTask(TaskStore.EachTask to) throws IOException {
        int from = 0;
        while (from >= 0) {
            int at = from;
            TaskStore.Slice slice = registry.lock.read(() -> registry.storeLocked().slice(at, SLICE));
            for (TaskStore.Restored t : slice.tasks()) {
                to.take(t);
            }
            from = slice.next();
        }
    }

    /** Tasks from a checkpoint, as a replay would have put them. */
    void restore(List<TaskStore.Restored> tasks) {
        registry.lock.change(() -> tasks.forEach(registry.storeLocked()::restore));
    }

    /**
     * Takes over the tasks of a checkpoint read into a store of their own while the service started: in place of an
     * empty registry, filed for listings now if this registry already files each change; into one that took tasks
     * meanwhile (its own acks), each as {@link #restore} would, so that the newer snapshot of a task stays.
     */
    void adopt(TaskStore restored) {
        registry.lock.change(() -> {
            TaskStore store = registry.storeLocked();
            if (store.size() != 0) {
                store.restoreAll(restored);
            } else {
                if (store.filing()) {
                    restored.fileAll();
                }
                registry.replaceLocked(restored);
            }
        });
    }

    /** Lets go of every task held: a checkpoint that could not be taken back whole leaves nothing behind. */
    void forgetAll() {
        registry.lock.change(() -> {
            TaskStore empty = new TaskStore();
            if (!registry.storeLocked().filing()) {
                empty.holdFiling();
            }
            registry.replaceLocked(empty);
        });
    }
}
