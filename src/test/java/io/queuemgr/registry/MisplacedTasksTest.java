package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.SerializationFeature;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.messaging.SnapshotHeaders;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.ConfigDefaults;
import io.queuemgr.testing.PlainRecords;
import io.queuemgr.testing.WorkPartitions;

/**
 * The registry counts the tasks whose newest snapshot is on their id's partition, where an earlier version put it,
 * instead of their queue's: while there are any, the registry cannot be split between instances.
 */
class MisplacedTasksTest {

    private static final String QUEUE = "upgraded";
    private static final int BY_QUEUE = QueuePartitions.partitionOf(QUEUE, WorkPartitions.PARTITIONS);

    private final QueuemgrConfig config = ConfigDefaults.of(QueuemgrConfig.class);
    private final Topics topics = new Topics(config);
    private final TaskCodec codec = new TaskCodec(
            PlainRecords.MAPPER.copy().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));
    private final TaskRegistry registry = new TaskRegistry(codec);
    private final QueuePartitions partitions = new QueuePartitions();
    private final MisplacedTasks misplaced = new MisplacedTasks(topics, partitions, registry);
    private final StatusRecords records = new StatusRecords(topics, registry, new TaskLogStore(config),
            PlainRecords.MAPPER, codec, List.of(), new StaleSnapshots(registry, t -> {
            }), new UnreadRecords(), misplaced);
    private final UUID id = WorkPartitions.idOffThePartitionOf(QUEUE);
    private final int byId = QueuePartitions.partitionOf(id.toString(), WorkPartitions.PARTITIONS);
    private long offset;

    MisplacedTasksTest() {
        partitions.learn(topics.taskStatus(), WorkPartitions.PARTITIONS);
    }

    private Task inQueue(TaskStatus status) {
        return aTask().withId(id.toString()).inQueue(QUEUE).in(status);
    }

    private void read(int partition, Task snapshot) {
        records.apply(List.of(new ConsumerRecord<>(topics.taskStatus(), partition, offset++, 0L,
                TimestampType.CREATE_TIME, 0, 0, id.toString(), codec.encode(snapshot),
                SnapshotHeaders.of(snapshot, "test"), Optional.empty())));
    }

    private void tombstone(int partition) {
        records.apply(List.of(new ConsumerRecord<>(topics.taskStatus(), partition, offset++, 0L,
                TimestampType.CREATE_TIME, 0, 0, id.toString(), null, new RecordHeaders(), Optional.empty())));
    }

    @Test
    void aWaitingTaskAnEarlierVersionPutOnItsIdsPartitionCountsUntilItMovesOn() {
        read(byId, inQueue(TaskStatus.PENDING));
        assertThat(misplaced.count()).isOne();
        assertThat(misplaced.some(5)).containsExactly(id);

        read(BY_QUEUE, inQueue(TaskStatus.RUNNING));
        assertThat(misplaced.count()).isZero();
    }

    @Test
    void anOlderSnapshotStillOnTheIdsPartitionDoesNotCount() {
        read(BY_QUEUE, inQueue(TaskStatus.COMPLETED));
        read(byId, inQueue(TaskStatus.PENDING));

        assertThat(registry.get(id).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(misplaced.count()).isZero();
    }

    @Test
    void aCopyOfTheHeldVersionOnTheQueuesPartitionEndsTheCount() {
        Task done = inQueue(TaskStatus.COMPLETED);
        read(byId, done);
        assertThat(misplaced.count()).isOne();

        // As the stale-snapshot repair puts a final snapshot out again, at the version held.
        read(BY_QUEUE, done);
        assertThat(misplaced.count()).isZero();
    }

    @Test
    void aTaskThatLeftTheRegistryNoLongerCounts() {
        read(byId, inQueue(TaskStatus.PAUSED));
        tombstone(BY_QUEUE);
        assertThat(misplaced.count()).isZero();

        read(byId, inQueue(TaskStatus.PAUSED));
        assertThat(misplaced.count()).isOne();
        // This instance's own deletion takes the task out before its tombstone is read.
        registry.removeAhead(id);
        assertThat(misplaced.count()).isZero();
    }

    @Test
    void nothingIsCountedWhileTheTopicsPartitionCountIsUnknown() {
        QueuePartitions unknown = new QueuePartitions();
        MisplacedTasks unjudged = new MisplacedTasks(topics, unknown, registry);
        registry.apply(inQueue(TaskStatus.PENDING), codec.encode(inQueue(TaskStatus.PENDING)));

        unjudged.read(id, byId, QUEUE);

        assertThat(unjudged.count()).isZero();
    }

    @Test
    void theCountComesBackFromACheckpoint() throws IOException {
        read(byId, inQueue(TaskStatus.PAUSED));
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        misplaced.save(new DataOutputStream(saved));

        MisplacedTasks restored = new MisplacedTasks(topics, partitions, registry);
        restored.restore(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));

        assertThat(restored.count()).isOne();
        restored.forget();
        assertThat(restored.count()).isZero();
    }
}
