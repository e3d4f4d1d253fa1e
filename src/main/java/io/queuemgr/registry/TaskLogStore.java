package io.queuemgr.registry;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.queuemgr.config.QueuemgrConfig;

/**
 * The log lines executors wrote, as read back from the log topic: bounded per task and in the number of tasks, so
 * that a chatty task or a long uptime cannot exhaust memory.
 */
@Singleton
public class TaskLogStore implements CheckpointPart {

    private final int maxLines;
    private final Map<UUID, Deque<String>> lines;

    public TaskLogStore(QueuemgrConfig config) {
        this.maxLines = config.logs().maxLinesPerTask();
        int maxTasks = config.logs().maxTasks();
        this.lines = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Deque<String>> eldest) {
                return size() > maxTasks;
            }
        };
    }

    public synchronized void append(UUID task, List<String> batch) {
        Deque<String> kept = lines.computeIfAbsent(task, k -> new ArrayDeque<>());
        for (String line : batch) {
            if (kept.size() == maxLines) {
                kept.removeFirst();
            }
            kept.addLast(line);
        }
    }

    public synchronized List<String> get(UUID task) {
        Deque<String> kept = lines.get(task);
        return kept == null ? List.of() : List.copyOf(kept);
    }

    public synchronized void remove(UUID task) {
        lines.remove(task);
    }

    @Override
    public String checkpointName() {
        return "logs";
    }

    /**
     * Least recently used first, the order the store drops tasks in, so that the restored store keeps that order. The
     * lines are copied under the lock (references only) and written outside it, so that reading a task's log over REST
     * does not wait for the disk.
     */
    @Override
    public void save(DataOutput out) throws IOException {
        List<Map.Entry<UUID, List<String>>> copy;
        synchronized (this) {
            copy = new ArrayList<>(lines.size());
            lines.forEach((task, kept) -> copy.add(Map.entry(task, List.copyOf(kept))));
        }
        out.writeInt(copy.size());
        for (Map.Entry<UUID, List<String>> e : copy) {
            CheckpointPart.writeId(out, e.getKey());
            out.writeInt(e.getValue().size());
            for (String line : e.getValue()) {
                CheckpointPart.writeText(out, line);
            }
        }
    }

    @Override
    public synchronized void restore(DataInput in) throws IOException {
        for (int tasks = in.readInt(); tasks > 0; tasks--) {
            UUID task = CheckpointPart.readId(in);
            List<String> kept = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                kept.add(CheckpointPart.readText(in));
            }
            append(task, kept);
        }
    }

    @Override
    public synchronized void forget() {
        lines.clear();
    }
}
