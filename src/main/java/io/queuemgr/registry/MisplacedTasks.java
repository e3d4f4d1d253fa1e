package io.queuemgr.registry;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.messaging.Topics;

/**
 * The tasks whose newest snapshot is on a partition of the status topic other than their queue's: snapshots an earlier
 * version put on the partition of the task's id, and those an instance of that version still writes during a rolling
 * upgrade. An instance that held only its queues' partitions would not see these tasks as they are, so the registry
 * cannot be split between instances while there are any (docs/scaling.md, "Upgrading"). A task stops counting once a
 * snapshot of its held version or a newer one is read on its queue's partition, or once it leaves the registry.
 * Carried by the checkpoint: a restart does not read the records before it again.
 */
@Singleton
public class MisplacedTasks implements CheckpointPart {

    private final String statusTopic;
    private final QueuePartitions partitions;
    private final TaskRegistry registry;
    /** Changed from the reader's helper threads, one partition each. */
    private final Set<UUID> ids = ConcurrentHashMap.newKeySet();

    @Inject
    public MisplacedTasks(Topics topics, QueuePartitions partitions, TaskRegistry registry, MeterRegistry metrics) {
        this(topics, partitions, registry);
        Gauge.builder("queuemgr.registry.misplaced", this, MisplacedTasks::count)
                .description("Tasks whose newest snapshot an earlier version put on its id's partition, not its"
                        + " queue's: the registry cannot be split between instances while there are any")
                .register(metrics);
    }

    MisplacedTasks(Topics topics, QueuePartitions partitions, TaskRegistry registry) {
        this.statusTopic = topics.taskStatus();
        this.partitions = partitions;
        this.registry = registry;
    }

    /**
     * A snapshot of the task in {@code queue} read on {@code partition}, whose version is now the one held. Not judged
     * while the topic's partition count is unknown.
     */
    void read(UUID id, int partition, String queue) {
        Integer home = queue == null ? null : partitions.of(statusTopic, queue);
        if (home == null) {
            return;
        }
        if (home == partition) {
            ids.remove(id);
        } else {
            ids.add(id);
        }
    }

    /** The task left the registry. */
    void removed(UUID id) {
        ids.remove(id);
    }

    /** The tasks held now whose newest snapshot is off their queue's partition. */
    public int count() {
        // A task this instance deleted itself leaves the registry before its tombstone is read.
        ids.removeIf(id -> !registry.contains(id));
        return ids.size();
    }

    /** A few of them, for the message that names why the registry is not split. */
    public List<UUID> some(int n) {
        return ids.stream().filter(registry::contains).limit(n).toList();
    }

    @Override
    public String checkpointName() {
        return "misplaced";
    }

    @Override
    public void save(DataOutput out) throws IOException {
        List<UUID> held = List.copyOf(ids);
        out.writeInt(held.size());
        for (UUID id : held) {
            CheckpointPart.writeId(out, id);
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        for (int n = in.readInt(); n > 0; n--) {
            ids.add(CheckpointPart.readId(in));
        }
    }

    @Override
    public void forget() {
        ids.clear();
    }
}
