package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.SerializationFeature;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.ConfigDefaults;
import io.queuemgr.testing.PlainRecords;
import io.queuemgr.testing.WorkPartitions;

/** Which tasks a registry split between instances holds, and when the split is refused. */
class HeldPartitionsTest {

    private final Topics topics = new Topics(ConfigDefaults.of(QueuemgrConfig.class));
    private final TaskCodec codec = new TaskCodec(
            PlainRecords.MAPPER.copy().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));
    private final TaskRegistry registry = new TaskRegistry(codec);
    private final QueuePartitions partitions = new QueuePartitions();
    private final MisplacedTasks misplaced = new MisplacedTasks(topics, partitions, registry);
    private final HeldPartitions held = new HeldPartitions(topics, partitions, true, Duration.ZERO);
    private final List<String> queues = WorkPartitions.queueOnEach("held");

    HeldPartitionsTest() {
        partitions.learn(topics.taskStatus(), WorkPartitions.PARTITIONS);
        partitions.aligned(true);
        registry.holdQueues(held::holdsQueue);
    }

    private Task taskIn(int partition) {
        Task t = aTask().inQueue(queues.get(partition)).in(TaskStatus.COMPLETED);
        registry.apply(t, codec.encode(t));
        return t;
    }

    @Test
    void holdingSomePartitionsLetsTheOtherQueuesTasksGoAndTakesNoOwnSnapshotOfThemAfter() {
        Task kept = taskIn(1);
        Task gone = taskIn(2);
        assertThat(held.decide(misplaced)).isTrue();

        List<UUID> letGo = held.holdOnly(Set.of(0, 1), registry);

        assertThat(letGo).containsExactly(gone.id());
        assertThat(registry.contains(kept.id())).isTrue();
        assertThat(registry.contains(gone.id())).isFalse();
        Task another = aTask().inQueue(queues.get(2)).pending();
        assertThat(registry.apply(another, codec.encode(another))).isFalse();
        assertThat(registry.contains(another.id())).isFalse();
        assertThat(held.holdsQueue(queues.get(1))).isTrue();
        assertThat(held.holdsQueue(queues.get(2))).isFalse();
    }

    @Test
    void aSnapshotReadOfATaskOfAQueueNotHeldIsNotTaken() {
        held.holdOnly(Set.of(0), registry);
        // As an earlier version left it on the partition of its id, which this instance reads.
        Task stale = aTask().inQueue(queues.get(4)).pending();
        Task ours = aTask().inQueue(queues.get(0)).pending();

        List<IncomingRecords.Outcome> outcomes = registry.applyRecords(List.of(
                new IncomingRecords.Incoming(stale.id(), -1, null, -1, -1, codec.encode(stale)),
                new IncomingRecords.Incoming(ours.id(), -1, null, -1, -1, codec.encode(ours))));

        assertThat(outcomes).extracting(IncomingRecords.Outcome::taken).containsExactly(false, true);
        assertThat(registry.contains(stale.id())).isFalse();
        assertThat(registry.contains(ours.id())).isTrue();
    }

    @Test
    void theSplitIsRefusedWhileATaskIsMisplaced() {
        Task t = aTask().inQueue(queues.get(3)).pending();
        registry.apply(t, codec.encode(t));
        int byId = (QueuePartitions.partitionOf(queues.get(3), WorkPartitions.PARTITIONS) + 1)
                % WorkPartitions.PARTITIONS;
        misplaced.read(t.id(), byId, queues.get(3));

        assertThat(held.decide(misplaced)).isFalse();
        assertThat(held.split()).isFalse();
    }

    @Test
    void theSplitIsRefusedWhenTheTopicsPartitionCountsDiffer() {
        partitions.aligned(false);

        assertThat(held.decide(misplaced)).isFalse();
        assertThat(held.split()).isFalse();
    }

    @Test
    void aStartFromACheckpointReadsTheStatusPartitionsItHeldUnlessItCountedMisplacedTasks() {
        Map<TopicPartition, Long> checkpointed = Map.of(new TopicPartition(topics.taskStatus(), 3), 10L,
                new TopicPartition(topics.taskStatus(), 7), 4L, new TopicPartition(topics.taskLogs(), 5), 2L);

        assertThat(held.atStart(checkpointed, misplaced)).containsExactlyInAnyOrder(3, 7);
        assertThat(held.atStart(Map.of(), misplaced)).isNull();

        Task t = aTask().inQueue(queues.get(3)).pending();
        registry.apply(t, codec.encode(t));
        misplaced.read(t.id(), 7, queues.get(3));
        assertThat(held.atStart(checkpointed, misplaced)).isNull();
    }

    @Test
    void aPartitionTakenAwayIsReadOnUntilItsTimeIsUpUnlessItComesBack() {
        HeldPartitions lingering = new HeldPartitions(topics, partitions, true, Duration.ofSeconds(30));
        long s = 1_000_000_000L;

        // Holding every partition, then asked for none (a rejoining member's first assignment): all read on.
        assertThat(readAsTheReaderDoes(lingering, Set.of(), 0)).hasSize(WorkPartitions.PARTITIONS);
        assertThat(readAsTheReaderDoes(lingering, Set.of(6, 7), 5 * s)).hasSize(WorkPartitions.PARTITIONS);
        assertThat(lingering.letGoDue(29 * s)).isFalse();
        assertThat(lingering.letGoDue(30 * s)).isTrue();
        assertThat(readAsTheReaderDoes(lingering, null, 30 * s)).containsExactly(6, 7);

        // Taken away and given back before its time: never let go.
        assertThat(readAsTheReaderDoes(lingering, Set.of(6), 40 * s)).containsExactly(6, 7);
        assertThat(readAsTheReaderDoes(lingering, Set.of(6, 7), 50 * s)).containsExactly(6, 7);
        assertThat(lingering.letGoDue(100 * s)).isFalse();
    }

    @Test
    void aQueueHeldOnlyWhileItsPartitionLingersIsNotDispatchedHere() {
        HeldPartitions lingering = new HeldPartitions(topics, partitions, true, Duration.ofSeconds(30));
        assertThat(lingering.decide(misplaced)).isTrue();
        // Before the first assignment: no queue is dispatched here.
        assertThat(lingering.dispatchesQueue(queues.get(6))).isFalse();
        readAsTheReaderDoes(lingering, Set.of(6, 7), 0);
        readAsTheReaderDoes(lingering, Set.of(7), 1_000_000_000L);
        // Partition 6 moved away: its tasks are still held (another instance holds them too), but it is not
        // dispatched here, so this instance neither counts them in its share of the figures nor makes keyed
        // submissions for it.
        assertThat(lingering.holdsQueue(queues.get(6))).isTrue();
        assertThat(lingering.dispatchesQueue(queues.get(6))).isFalse();
        assertThat(lingering.dispatchesQueue(queues.get(7))).isTrue();
        HeldPartitions all = new HeldPartitions(topics, partitions, false, Duration.ZERO);
        assertThat(all.dispatchesQueue(queues.get(6))).isTrue();
    }

    private Set<Integer> readAsTheReaderDoes(HeldPartitions h, Set<Integer> asked, long nowNanos) {
        Set<Integer> read = h.toRead(asked, nowNanos);
        h.holdOnly(read, registry);
        return read;
    }

    @Test
    void anInstanceThatDidNotAskForItDoesNotSplit() {
        HeldPartitions all = new HeldPartitions(topics, partitions, false, Duration.ZERO);

        assertThat(all.decide(misplaced)).isFalse();
        assertThat(all.holdsQueue(queues.get(5))).isTrue();
    }
}
