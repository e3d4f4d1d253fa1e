package io.queuemgr.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.config.RegistryConfig;
import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.messaging.Topics;

/**
 * Which partitions of the status and log topics this instance's registry holds: every one, or, with
 * {@code queuemgr.registry.holding=dispatched}, those of the work partitions the dispatch group gave it, so that the
 * instances split the registry between them (docs/scaling.md). Partition {@code p} of those topics carries the tasks of
 * the queues whose work is on partition {@code p} ({@link QueuePartitions}). Until the dispatcher first joins, and
 * for good when split holding is refused, every partition is held.
 */
@Singleton
public class HeldPartitions {

    private static final Logger LOG = Logger.getLogger(HeldPartitions.class);

    private final String statusTopic;
    private final String logTopic;
    private final QueuePartitions partitions;
    private final boolean wanted;
    private final long letGoAfterNanos;
    /** The partitions last asked for: the work partitions the dispatcher owned then; the reader's thread only. */
    private Set<Integer> asked;
    /** Partitions read on after they were taken away, with when to let them go (nanoTime); the reader's only. */
    private final Map<Integer, Long> lingering = new HashMap<>();
    /** The partitions last asked for, for other threads: those this instance dispatches, not those it lingers on. */
    private volatile Set<Integer> dispatched = Set.of();
    private volatile boolean allowed;
    /** Whether the registry is reading partitions just given to this instance, whose tasks it does not hold yet. */
    private volatile boolean taking;
    /** The partitions held, or null for every one. */
    private volatile Set<Integer> only;

    @Inject
    public HeldPartitions(Topics topics, QueuePartitions partitions, QueuemgrConfig config) {
        this(topics, partitions, config.registry().holding() == RegistryConfig.Holding.DISPATCHED
                && config.dispatch().enabled(), config.registry().letGoAfter());
    }

    HeldPartitions(Topics topics, QueuePartitions partitions, boolean split, Duration letGoAfter) {
        this.statusTopic = topics.taskStatus();
        this.logTopic = topics.taskLogs();
        this.partitions = partitions;
        this.wanted = split;
        this.letGoAfterNanos = letGoAfter.toNanos();
    }

    /**
     * The partitions to read once {@code asking} are asked for (null: as last asked, when a partition's time to
     * linger is up): those, and the ones taken away less than {@code queuemgr.registry.let-go-after} ago.
     */
    Set<Integer> toRead(Set<Integer> asking, long nowNanos) {
        if (asking != null) {
            Set<Integer> before = only == null ? every() : only;
            before.stream().filter(p -> !asking.contains(p))
                    .forEach(p -> lingering.putIfAbsent(p, nowNanos + letGoAfterNanos));
            asking.forEach(lingering::remove);
            asked = Set.copyOf(asking);
            dispatched = asked;
        }
        lingering.values().removeIf(until -> until - nowNanos <= 0);
        Set<Integer> read = new TreeSet<>(asked == null ? Set.of() : asked);
        read.addAll(lingering.keySet());
        return read;
    }

    /** The partitions of these numbers on each topic, leaving out numbers a topic does not have. */
    List<TopicPartition> partitionsOf(Set<Integer> numbers, List<String> topics) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            int count = partitions.count(topic);
            numbers.stream().filter(p -> count == 0 || p < count).forEach(p -> all.add(new TopicPartition(topic, p)));
        }
        return all;
    }

    /** Every partition number of the status and log topics. */
    public Set<Integer> every() {
        int count = Math.max(partitions.count(statusTopic), partitions.count(logTopic));
        return IntStream.range(0, count).boxed().collect(Collectors.toSet());
    }

    /** Whether a partition taken away has lingered long enough to be let go. */
    boolean letGoDue(long nowNanos) {
        return lingering.values().stream().anyMatch(until -> until - nowNanos <= 0);
    }

    /**
     * Once the registry has read what it holds at start: split holding goes ahead when it was asked for and no task
     * held has its newest snapshot off its queue's partition; answers whether it does.
     */
    public boolean decide(MisplacedTasks misplaced) {
        if (!wanted) {
            return false;
        }
        if (!partitions.aligned()) {
            LOG.warn("queuemgr.registry.holding=dispatched is refused: the status, log and retry topics do not have the"
                    + " work topic's partition count, so a queue's tasks are not on the partition its work is on. This"
                    + " instance holds every task");
            return false;
        }
        int off = misplaced.count();
        if (off > 0) {
            List<UUID> some = misplaced.some(3);
            LOG.warnf("queuemgr.registry.holding=dispatched is refused: %d tasks (%s...) have their newest snapshot on"
                    + " their id's partition, where a version before the queue layout put it. This instance holds every"
                    + " task until it is restarted after they finished and left the registry (the gauge"
                    + " queuemgr.registry.misplaced counts them)", off, some);
            return false;
        }
        allowed = true;
        return true;
    }

    /**
     * Where a start with split holding asked for begins: the status partitions of the checkpoint it restored, which
     * held those of the queues it dispatched when it stopped. Null for every partition: without a checkpoint, or with
     * one that counted misplaced tasks, the whole topic is read, which shows whether any task is misplaced.
     */
    Set<Integer> atStart(Map<TopicPartition, Long> checkpointed, MisplacedTasks misplaced) {
        if (!wanted || checkpointed.isEmpty() || misplaced.count() > 0) {
            return null;
        }
        return checkpointed.keySet().stream().filter(tp -> tp.topic().equals(statusTopic))
                .map(TopicPartition::partition).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether the registry is reading the partitions the group has just given this instance: until it has, the tasks of
     * their queues are missing here, and no other instance holds them either.
     */
    public boolean taking() {
        return taking;
    }

    public void taking(boolean taking) {
        this.taking = taking;
    }

    /** Whether split holding was asked for (and this instance dispatches), allowed or not. */
    public boolean wanted() {
        return wanted;
    }

    /** Whether the registry follows the dispatch group's assignment. */
    public boolean split() {
        return allowed;
    }

    /** The partitions held, or null for every one. */
    public Set<Integer> only() {
        return only;
    }

    /**
     * From now on, holds these partitions' tasks only: this instance's own snapshots of other queues' tasks are not
     * taken, and the tasks of those queues held now are let go, as their tombstones would. Under the registry's write
     * lock, where {@link TaskRegistry#apply} asks {@link #holdsQueue}: a snapshot acked meanwhile does not bring a task
     * back. Answers the tasks let go.
     */
    List<UUID> holdOnly(Set<Integer> partitions, TaskRegistry registry) {
        List<UUID> gone = new ArrayList<>();
        registry.lock.change(() -> {
            this.only = Set.copyOf(partitions);
            TaskStore store = registry.storeLocked();
            gone.addAll(store.idsIn(queue -> !holdsQueue(queue)));
            gone.forEach(id -> store.remove(id, true));
        });
        LOG.infof("The registry reads the status partitions %s; %d tasks of other queues let go",
                new TreeSet<>(partitions), gone.size());
        return gone;
    }

    /** Whether the queue's tasks are held here; every queue's while the topic's size is not known. */
    public boolean holdsQueue(String queue) {
        Set<Integer> held = only;
        if (held == null) {
            return true;
        }
        Integer p = partitions.of(statusTopic, queue);
        return p == null || held.contains(p);
    }

    /**
     * Whether this instance dispatches the queue now: with split holding, not so for a queue it still holds while its
     * partition lingers after moving to another instance (which then holds its tasks too).
     */
    public boolean dispatchesQueue(String queue) {
        if (!split()) {
            return true;
        }
        Integer p = partitions.of(statusTopic, queue);
        return p == null || dispatched.contains(p);
    }
}
