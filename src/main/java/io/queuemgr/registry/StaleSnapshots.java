package io.queuemgr.registry;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.queuemgr.task.Task;

/**
 * Puts a task's final snapshot back on the status topic when an older snapshot of it landed after it. Compaction
 * keeps a key's last record, not its highest version: without this, an instance rebuilding its registry would find
 * the older one. A submission sends its PENDING snapshot and its work record together, so the queue's owner can run
 * the task to its end before that PENDING lands; a client repeating a submission through an instance that has not
 * read the task yet can do the same. Every instance repairs what it reads (the writer of the older record may have
 * stopped since); the copies carry the held version, which no reader takes as news, so they start no loop.
 */
@Singleton
public class StaleSnapshots implements CheckpointPart {

    private static final Logger LOG = Logger.getLogger(StaleSnapshots.class);

    private final TaskRegistry registry;
    /** Puts a final snapshot on the status topic again. */
    private final Consumer<Task> publisher;
    /**
     * Tasks whose record just read is older than the final version held, with that version. The registry takes this
     * instance's own snapshots at their ack, ahead of the reader, so a suspect is only stale once the reader has
     * passed the end of the topic as it was after the suspicion arose without reading that version again.
     */
    private final Map<UUID, Long> suspects = new ConcurrentHashMap<>();
    /**
     * Suspects older than {@link #target}, waiting for the reader to get there. Records of a large poll are applied on
     * several threads ({@link ParallelApply}), so both maps are concurrent.
     */
    private final Map<UUID, Long> checking = new ConcurrentHashMap<>();
    private Map<TopicPartition, Long> target = Map.of();

    @Inject
    public StaleSnapshots(TaskRegistry registry, TaskStatusPublisher publisher) {
        this(registry, publisher::publishQuietly);
    }

    StaleSnapshots(TaskRegistry registry, Consumer<Task> publisher) {
        this.registry = registry;
        this.publisher = publisher;
    }

    /**
     * A snapshot record of the task with this version has just been read and applied to the registry (or not), after
     * which the registry holds {@code heldVersion}, final or not.
     */
    void read(UUID id, long version, long heldVersion, boolean heldFinal) {
        if (version < 0) {
            // Written before snapshots named their version in headers: nothing to compare without parsing.
            return;
        }
        if (heldVersion > version && heldFinal) {
            suspects.putIfAbsent(id, heldVersion);
            return;
        }
        if (!suspects.isEmpty() || !checking.isEmpty()) {
            cleared(suspects, id, version);
            cleared(checking, id, version);
        }
    }

    private static void cleared(Map<UUID, Long> waiting, UUID id, long version) {
        Long held = waiting.get(id);
        if (held != null && version >= held) {
            waiting.remove(id, held);
        }
    }

    /**
     * After a poll: once the reader has reached the target, the suspects checked against it are stale, and their
     * final snapshots go out again; newer suspects then get a target of their own ({@code endOffsets}, one broker
     * call, only while there are suspects).
     */
    void afterPoll(ToLongFunction<TopicPartition> position, Supplier<Map<TopicPartition, Long>> endOffsets) {
        if (!checking.isEmpty() && reached(position)) {
            checking.keySet().forEach(this::republish);
            checking.clear();
        }
        if (checking.isEmpty() && !suspects.isEmpty()) {
            target = endOffsets.get();
            checking.putAll(suspects);
            suspects.clear();
        }
    }

    private boolean reached(ToLongFunction<TopicPartition> position) {
        return target.entrySet().stream().allMatch(e -> position.applyAsLong(e.getKey()) >= e.getValue());
    }

    @Override
    public String checkpointName() {
        return "stale";
    }

    /** Every suspect, checked or not: after a restart each is checked again against the end of the topic then. */
    @Override
    public void save(DataOutput out) throws IOException {
        Map<UUID, Long> all = new HashMap<>(suspects);
        checking.forEach((id, v) -> all.merge(id, v, Math::max));
        out.writeInt(all.size());
        for (Map.Entry<UUID, Long> e : all.entrySet()) {
            CheckpointPart.writeId(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        for (int n = in.readInt(); n > 0; n--) {
            suspects.put(CheckpointPart.readId(in), in.readLong());
        }
    }

    @Override
    public void forget() {
        suspects.clear();
        checking.clear();
    }

    private void republish(UUID id) {
        registry.get(id).filter(task -> task.status().isFinal()).ifPresent(task -> {
            LOG.infof("Task %s: an older snapshot landed after its final one (version %d); publishing that again", id,
                    task.version());
            publisher.accept(task);
        });
    }
}
