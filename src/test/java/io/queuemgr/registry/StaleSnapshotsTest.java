package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

class StaleSnapshotsTest {

    private static final TopicPartition STATUS = new TopicPartition("queuemgr.task-status", 0);

    private TaskCodec codec;
    private TaskRegistry registry;
    private final List<Task> republished = new ArrayList<>();
    private StaleSnapshots stale;
    /** The reader's position and the topic's end, as the reader would give them. */
    private long position;
    private long end;
    private final Map<TopicPartition, Long> ends = new HashMap<>();

    @BeforeEach
    void setUp() {
        codec = new TaskCodec(new ObjectMapper().registerModule(new JavaTimeModule()));
        registry = new TaskRegistry(codec);
        stale = new StaleSnapshots(registry, republished::add);
    }

    /** The reader takes one record off the topic, as StatusTopicReader does. */
    private void read(Task snapshot) {
        position++;
        IncomingRecords.Outcome o = registry.applyRecords(List.of(new IncomingRecords.Incoming(snapshot.id(),
                snapshot.version(), snapshot.status(), -1, -1, codec.encode(snapshot)))).get(0);
        stale.read(snapshot.id(), snapshot.version(), o.heldVersion(), o.heldFinal());
    }

    /** This instance's own snapshot, taken by the registry at its ack, before the reader gets to it. */
    private void appliedAtAck(Task snapshot) {
        end++;
        registry.apply(snapshot, codec.encode(snapshot));
    }

    private void polled() {
        stale.afterPoll(p -> position, () -> {
            ends.put(STATUS, end);
            return Map.copyOf(ends);
        });
    }

    @Test
    void aFinalSnapshotReadBeforeAnOlderOneIsPublishedAgainOnceTheReaderHasPassedTheEnd() {
        UUID id = UUID.randomUUID();
        Task pending = aTask().withId(id.toString()).ofType("noop").pending();
        Task completed = aTask().withId(id.toString()).ofType("noop").in(TaskStatus.COMPLETED);
        end = 2;
        read(completed);
        read(pending);
        polled();
        assertThat(republished).as("not before the reader has passed the end taken after the suspicion").isEmpty();
        polled();
        assertThat(republished).extracting(Task::version, Task::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(completed.version(), TaskStatus.COMPLETED));
        polled();
        assertThat(republished).as("once").hasSize(1);
    }

    @Test
    void anOlderSnapshotReadBeforeTheFinalOneThatTheRegistryTookAtItsAckIsLeftAlone() {
        UUID id = UUID.randomUUID();
        Task pending = aTask().withId(id.toString()).ofType("noop").pending();
        Task completed = aTask().withId(id.toString()).ofType("noop").in(TaskStatus.COMPLETED);
        end = 1;
        appliedAtAck(completed);
        read(pending);
        polled();
        read(completed);
        polled();
        polled();
        assertThat(republished).isEmpty();
    }

    @Test
    void aFinalSnapshotAlreadyPublishedAgainAfterTheOlderOneIsNotPublishedOnceMore() {
        UUID id = UUID.randomUUID();
        Task pending = aTask().withId(id.toString()).ofType("noop").pending();
        Task completed = aTask().withId(id.toString()).ofType("noop").in(TaskStatus.COMPLETED);
        end = 3;
        read(completed);
        read(pending);
        polled();
        read(completed);
        polled();
        assertThat(republished).isEmpty();
    }

    @Test
    void anOlderSnapshotOfATaskThatHasNotFinishedIsNoReasonToPublish() {
        UUID id = UUID.randomUUID();
        Task pending = aTask().withId(id.toString()).ofType("noop").pending();
        Task running = aTask().withId(id.toString()).ofType("noop").in(TaskStatus.RUNNING);
        end = 2;
        read(running);
        read(pending);
        polled();
        polled();
        assertThat(republished).isEmpty();
    }
}
