package io.queuemgr.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.testing.MovableClock;
import io.queuemgr.testing.PlainRecords;

/** Tasks made here for a queue another instance holds, answered for a moment until that holder has read them. */
class InTransitTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final TaskCodec codec = new TaskCodec(PlainRecords.MAPPER);
    private final InTransit inTransit = new InTransit(codec, clock);

    private Task made() {
        Task task = Task.pending(UUID.randomUUID(), "q", "noop", null, null, List.of(), 0, 0, null, null, null,
                clock.instant());
        inTransit.sent(task.id(), codec.encode(task));
        return task;
    }

    @Test
    void aTaskMadeHereIsAnsweredAsItWasMadeForTenSeconds() {
        Task task = made();
        assertThat(inTransit.get(task.id())).hasValueSatisfying(t -> {
            assertThat(t.id()).isEqualTo(task.id());
            assertThat(t.queue()).isEqualTo("q");
            assertThat(t.version()).isEqualTo(1);
        });
        clock.advance(InTransit.KEEP.minus(Duration.ofMillis(1)));
        assertThat(inTransit.contains(task.id())).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(inTransit.contains(task.id())).isFalse();
        assertThat(inTransit.get(task.id())).isEmpty();
        assertThat(inTransit.size()).isZero();
    }

    @Test
    void atMostTenThousandAreKeptTheOldestLeavingFirst() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < InTransit.MAX_TASKS + 5; i++) {
            tasks.add(made());
        }
        assertThat(inTransit.size()).isEqualTo(InTransit.MAX_TASKS);
        for (int i = 0; i < 5; i++) {
            assertThat(inTransit.contains(tasks.get(i).id())).isFalse();
        }
        assertThat(inTransit.contains(tasks.get(5).id())).isTrue();
        assertThat(inTransit.contains(tasks.get(tasks.size() - 1).id())).isTrue();
    }

    @Test
    void largeSnapshotsAreKeptWithinSixteenMegabytes() {
        List<UUID> ids = new ArrayList<>();
        byte[] large = new byte[1024 * 1024];
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            inTransit.sent(id, large);
        }
        assertThat(inTransit.bytes()).isLessThanOrEqualTo(InTransit.MAX_BYTES);
        assertThat(inTransit.size()).isEqualTo(16);
        assertThat(inTransit.contains(ids.get(3))).isFalse();
        assertThat(inTransit.contains(ids.get(4))).isTrue();
    }

    @Test
    void aTaskItsHolderIsSeenToHoldLeaves() {
        Task task = made();
        inTransit.held(task.id());
        assertThat(inTransit.contains(task.id())).isFalse();
        assertThat(inTransit.bytes()).isZero();
        // Its place in the order goes too, without counting its bytes twice.
        clock.advance(InTransit.KEEP);
        made();
        assertThat(inTransit.size()).isEqualTo(1);
        assertThat(inTransit.bytes()).isPositive();
    }

    @Test
    void aTaskNotMadeHereIsNotKnown() {
        made();
        assertThat(inTransit.get(UUID.randomUUID())).isEmpty();
    }
}
