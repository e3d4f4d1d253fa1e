package io.queuemgr.registry;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.queuemgr.task.TaskStatus;

/** The tasks of a registry checkpoint (see {@link CheckpointFile}): one row each, names coded once per file. */
final class CheckpointTasks {

    private static final TaskStatus[] STATUSES = TaskStatus.values();
    /** Tasks put into the registry under one lock round. */
    private static final int BATCH = 4096;

    private CheckpointTasks() {
    }

    /** Each task after a 1, then a 0: written as the registry hands them over, never gathered in memory. */
    static void write(DataOutputStream out, TaskRegistry registry) throws IOException {
        Names names = new Names();
        registry.copies().eachTask(t -> {
            RegistryEntry e = t.entry();
            out.writeByte(1);
            CheckpointPart.writeId(out, t.id());
            out.writeLong(e.version());
            out.writeByte(e.status().ordinal());
            out.writeLong(e.createdMs());
            out.writeLong(e.startedMs());
            out.writeLong(e.finishedMs());
            names.write(out, e.queue());
            names.write(out, e.type());
            names.write(out, e.category());
            out.writeInt(e.tags().length);
            for (String tag : e.tags()) {
                names.write(out, tag);
            }
            CheckpointPart.writeText(out, e.idempotencyKey());
            out.writeBoolean(t.holdsKey());
            out.writeInt(t.stored().length);
            out.write(t.stored());
        });
        out.writeByte(0);
    }

    /** Reads the tasks on this thread and files them into the registry on another, as they come. */
    static void read(DataInputStream in, TaskRegistry registry) throws IOException {
        try (FilingThread filing = new FilingThread(registry.copies())) {
            readRows(in, filing::file);
            filing.finish();
        }
    }

    /** Reads the tasks and hands them over in batches, both on this thread. */
    static void readHere(DataInputStream in, Consumer<List<TaskStore.Restored>> into) throws IOException {
        readRows(in, into::accept);
    }

    /** Takes a batch, which must not be changed after. */
    private interface Batches {
        void file(List<TaskStore.Restored> batch) throws IOException;
    }

    private static void readRows(DataInputStream in, Batches filing) throws IOException {
        List<String> names = new ArrayList<>();
        List<TaskStore.Restored> batch = new ArrayList<>(BATCH);
        while (in.readByte() == 1) {
            UUID id = CheckpointPart.readId(in);
            long version = in.readLong();
            TaskStatus status = STATUSES[in.readByte()];
            long created = in.readLong();
            long started = in.readLong();
            long finished = in.readLong();
            String queue = Names.read(in, names);
            String type = Names.read(in, names);
            String category = Names.read(in, names);
            String[] tags = new String[in.readInt()];
            for (int i = 0; i < tags.length; i++) {
                tags[i] = Names.read(in, names);
            }
            String key = CheckpointPart.readText(in);
            boolean holdsKey = in.readBoolean();
            byte[] stored = new byte[in.readInt()];
            in.readFully(stored);
            batch.add(new TaskStore.Restored(id, new RegistryEntry(version, status, queue, type, category, tags,
                    key, created, started, finished), stored, holdsKey));
            if (batch.size() == BATCH) {
                filing.file(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
        filing.file(batch);
    }

    /** Queue, type, category and tag names: each written once, then by its number. */
    private static final class Names {
        private final Map<String, Integer> seen = new HashMap<>();

        void write(DataOutput out, String name) throws IOException {
            if (name == null) {
                out.writeInt(-1);
                return;
            }
            Integer code = seen.get(name);
            if (code != null) {
                out.writeInt(code);
                return;
            }
            seen.put(name, seen.size());
            out.writeInt(-2);
            CheckpointPart.writeText(out, name);
        }

        static String read(DataInput in, List<String> names) throws IOException {
            int code = in.readInt();
            if (code == -1) {
                return null;
            }
            if (code == -2) {
                String name = CheckpointPart.readText(in);
                names.add(name);
                return name;
            }
            return names.get(code);
        }
    }
}
