package io.queuemgr.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/**
 * Applies snapshot records read from the status topic to the registry, many at a time: one read lock looks up what
 * is held for all of them, the parsing and packing happen outside any lock, and one write lock takes them in their
 * order. One lock round per record made the reader's two threads wait on each other more than they worked
 * (docs/architecture.md, "Restart").
 */
final class IncomingRecords {

    /** A snapshot record: its key's id, what its headers say (-1 or null where they do not), its JSON. */
    public record Incoming(UUID id, long version, TaskStatus status, long startedMs, long finishedMs, byte[] json) {
    }

    /**
     * What became of a record: whether it was taken, and then the version held for the task, whether that is final and
     * the task's queue (null when the task is not held); or, for a record that could not be read, why.
     */
    public record Outcome(boolean taken, long heldVersion, boolean heldFinal, String queue,
            RuntimeException unreadable) {
    }

    /** A record made ready to take: a newer snapshot of a known task, or a task with all its fields. */
    private record Ready(long version, TaskStatus status, long startedMs, long finishedMs, UUID putId,
            RegistryEntry entry, byte[] stored, RuntimeException unreadable) {

        static Ready update(Incoming r, byte[] stored) {
            return new Ready(r.version(), r.status(), Math.max(0, r.startedMs()), Math.max(0, r.finishedMs()), null,
                    null, stored, null);
        }

        static Ready put(UUID id, RegistryEntry e, byte[] stored) {
            return new Ready(e.version(), e.status(), 0, 0, id, e, stored, null);
        }

        static Ready unreadable(RuntimeException e) {
            return new Ready(-1, null, 0, 0, null, null, null, e);
        }
    }

    private final TaskRegistry registry;

    IncomingRecords(TaskRegistry registry) {
        this.registry = registry;
    }

    List<Outcome> apply(List<Incoming> records) {
        int n = records.size();
        long[] held = registry.lock.read(() -> {
            long[] versions = new long[n];
            for (int i = 0; i < n; i++) {
                versions[i] = registry.versionLocked(records.get(i).id());
            }
            return versions;
        });
        Ready[] ready = prepare(records, held);
        Outcome[] out = new Outcome[n];
        List<Integer> leftMeanwhile = new ArrayList<>(0);
        registry.lock.write(() -> {
            for (int i = 0; i < n; i++) {
                out[i] = take(records.get(i), ready[i], i, leftMeanwhile);
            }
            return null;
        });
        // A task that left between the look-up and the change (a tombstone from elsewhere) comes back whole.
        for (int i : leftMeanwhile) {
            out[i] = apply(List.of(new Incoming(records.get(i).id(), -1, null, -1, -1, records.get(i).json()))).get(0);
        }
        return Arrays.asList(out);
    }

    /**
     * Outside the lock: parses what is new to the registry, packs what is final, and leaves out what is older than
     * held. A task earlier in the same batch counts as held: its later records need no parsing.
     */
    private Ready[] prepare(List<Incoming> records, long[] held) {
        int n = records.size();
        Ready[] ready = new Ready[n];
        Map<UUID, Long> earlier = n > 1 ? new HashMap<>() : null;
        for (int i = 0; i < n; i++) {
            Incoming r = records.get(i);
            Long before = earlier == null ? null : earlier.get(r.id());
            long known = before == null ? held[i] : Math.max(before, held[i]);
            if (known >= 0 && r.version() >= 0 && known >= r.version()) {
                continue;
            }
            // A final snapshot's headers name its finish always and its start when it started (a task cancelled
            // while waiting never did); one written before headers carried times has neither and is parsed.
            boolean timesKnown = r.status() != null && (!r.status().isFinal() || r.finishedMs() >= 0);
            try {
                if (known >= 0 && r.version() >= 0 && timesKnown) {
                    ready[i] = Ready.update(r, registry.stored(r.id(), r.status(), r.json()));
                } else {
                    ready[i] = put(r.json());
                }
                if (earlier != null) {
                    earlier.put(r.id(), Math.max(known, ready[i].version()));
                }
            } catch (RuntimeException e) {
                ready[i] = Ready.unreadable(e);
            }
        }
        return ready;
    }

    /** A task new to the registry: its entry read from the JSON, or from the task parsed whole where that fails. */
    private Ready put(byte[] json) {
        EntryReader.Read read = EntryReader.read(json);
        if (read == null) {
            Task t = registry.parse(json);
            read = new EntryReader.Read(t.id(), RegistryEntry.of(t));
        }
        return Ready.put(read.id(), read.entry(), registry.stored(read.id(), read.entry().status(), json));
    }

    /** Under the write lock. */
    private Outcome take(Incoming r, Ready ready, int i, List<Integer> leftMeanwhile) {
        if (ready != null && ready.unreadable() != null) {
            return new Outcome(false, -1, false, null, ready.unreadable());
        }
        TaskStore store = registry.storeLocked();
        boolean taken = false;
        if (ready != null && ready.putId() != null) {
            if (!registry.holdsQueue(ready.entry().queue())) {
                // A snapshot left where an earlier version put it, of a task of a queue held elsewhere.
                return new Outcome(false, -1, false, null, null);
            }
            taken = store.put(ready.putId(), ready.entry(), ready.stored());
        }
        // An update keeps the task in its slot: one lookup serves it and the outcome.
        int s = store.slot(r.id());
        if (ready != null && ready.putId() == null) {
            if (s < 0) {
                // It left meanwhile.
                leftMeanwhile.add(i);
                return null;
            }
            taken = store.update(s, ready.version(), ready.status(), ready.startedMs(), ready.finishedMs(),
                    ready.stored());
        }
        if (s < 0) {
            return new Outcome(taken, -1, false, null, null);
        }
        return new Outcome(taken, store.table.version(s), store.table.status(s).isFinal(),
                store.table.queues.value(store.table.queue(s)), null);
    }
}
