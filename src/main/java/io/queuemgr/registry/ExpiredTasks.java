package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.roaringbitmap.RoaringBitmap;

/** The finished tasks due to leave the registry, found in one pass over its columns. */
final class ExpiredTasks {

    private ExpiredTasks() {
    }

    /** See {@link TaskRegistry#expired}; {@code pause} as for {@link TaskStats#of}. */
    static List<TaskRegistry.Expired> of(TaskTable table, RoaringBitmap all, long doneBeforeMs, long deadBeforeMs,
            int maxFinished, Runnable pause) {
        List<Integer> kept = new ArrayList<>();
        List<TaskRegistry.Expired> out = new ArrayList<>();
        int seen = 0;
        for (int s : all.clone()) {
            if (++seen % 8_192 == 0) {
                pause.run();
            }
            if (table.isFree(s) || !table.status(s).isFinal() || table.finishedMs(s) == 0) {
                continue;
            }
            long before = table.status(s).isDeadLetter() ? deadBeforeMs : doneBeforeMs;
            if (table.finishedMs(s) < before) {
                out.add(expired(table, s));
            } else {
                kept.add(s);
            }
        }
        if (kept.size() > maxFinished) {
            kept.sort(Comparator.comparingLong(table::finishedMs));
            kept.subList(0, kept.size() - maxFinished).forEach(s -> out.add(expired(table, s)));
        }
        return out;
    }

    private static TaskRegistry.Expired expired(TaskTable table, int s) {
        return new TaskRegistry.Expired(new UUID(table.msb(s), table.lsb(s)), table.queues.value(table.queue(s)),
                table.createdMs(s), table.finishedMs(s));
    }
}
