package io.queuemgr.dispatch;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.queuemgr.messaging.QueueOwnership;
import io.queuemgr.messaging.QueuePartitions;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.testing.MovableClock;
import io.queuemgr.testing.PlainRecords;

/**
 * The work record of a task that runs on another instance, held where its queue moved: left to that instance while
 * it shows that it runs the task (its word, the task's progress), run here once it has been quiet for the lease, or
 * for half of it while out of the dispatch group, looked at again when the task moves on, and let go uncommitted
 * when the queue moves on or the dispatcher stops. The tests call {@code check} themselves, as a service's timer does.
 */
class ForeignRunsTest {

    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final int PARTITIONS = 12;

    private final TaskCodec codec = new TaskCodec(PlainRecords.MAPPER);
    private final TaskRegistry registry = new TaskRegistry(codec);
    private final QueueOwnership ownership = new QueueOwnership();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The instances in the dispatch group, as the broker would answer. */
    private volatile Set<String> members = Set.of("instance-a", "instance-b");
    private final ForeignRuns foreign = new ForeignRuns(registry, ownership, LEASE,
            () -> CompletableFuture.completedFuture(members), null, meters, clock);
    private final Task running = aTask().inQueue("builds").pending().start("instance-a", clock.instant());

    ForeignRunsTest() {
        ownership.partitionCount(PARTITIONS);
        ownership.assigned(IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition("tasks", p)).toList());
        registry.apply(running, codec.encode(running));
    }

    @Test
    void aRunWhoseInstanceSaysNothingOfItRunsHereOnceTheLeaseHasPassed() {
        CompletableFuture<Long> ended = foreign.await(running, true);
        clock.advance(LEASE.minusMillis(1));
        foreign.check();
        assertThat(ended).isNotDone();
        assertThat(meters.get("queuemgr.dispatch.foreign.runs").gauge().value()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        foreign.check();
        assertThat(ended).isCompletedWithValue(running.version());
        assertThat(foreign.size()).isZero();
    }

    @Test
    void aRunItsInstanceKeepsSayingItRunsIsLeftToItPastTheLease() {
        CompletableFuture<Long> ended = foreign.await(running, true);
        for (int i = 0; i < 5; i++) {
            clock.advance(LEASE.dividedBy(2));
            foreign.heard(new StillRunning("instance-a", List.of(running.id()), clock.instant()));
            foreign.check();
        }
        assertThat(ended).isNotDone();

        // The instance stopped saying so: the lease counts from the last time it did.
        clock.advance(LEASE.minusMillis(1));
        foreign.check();
        assertThat(ended).isNotDone();
        clock.advance(Duration.ofMillis(1));
        foreign.check();
        assertThat(ended).isCompletedWithValue(running.version());
    }

    @Test
    void wordOfOtherTasksDoesNotKeepTheWaitGoing() {
        CompletableFuture<Long> ended = foreign.await(running, true);
        clock.advance(LEASE.dividedBy(2));
        foreign.heard(new StillRunning("instance-a", List.of(aTask().pending().id()), clock.instant()));
        clock.advance(LEASE.dividedBy(2));
        foreign.check();
        assertThat(ended).isCompletedWithValue(running.version());
    }

    @Test
    void aNewerStateOfTheTaskEndsTheWaitSoThatItIsLookedAtAgain() {
        CompletableFuture<Long> ended = foreign.await(running, true);
        Task done = running.succeed(TextNode.valueOf("ok"), clock.instant());
        registry.apply(done, codec.encode(done));
        foreign.check();
        assertThat(ended).isCompletedWithValue(ForeignRuns.LOOK_AGAIN);
    }

    @Test
    void theWaitIsLetGoWhenTheQueueMovesOnOrTheDispatcherStops() {
        CompletableFuture<Long> moved = foreign.await(running, true);
        ownership.removed(List.of(new TopicPartition("tasks", QueuePartitions.partitionOf("builds", PARTITIONS))));
        foreign.check();
        assertThat(moved).isCompletedExceptionally();
        assertThat(moved.exceptionNow()).isInstanceOf(TaskAbandonedException.class);

        Task other = aTask().inQueue("other").pending().start("instance-a", clock.instant());
        CompletableFuture<Long> stopped = foreign.await(other, true);
        foreign.abandonAll();
        assertThat(stopped.exceptionNow()).isInstanceOf(TaskAbandonedException.class);
        assertThat(foreign.size()).isZero();
    }

    @Test
    void aRunOnAnInstanceThatLeftTheDispatchGroupRunsHereAfterHalfTheLease() {
        members = Set.of("instance-b");
        CompletableFuture<Long> ended = foreign.await(running, true);
        foreign.check();
        assertThat(ended).isNotDone();
        clock.advance(LEASE.dividedBy(2));
        foreign.check();
        assertThat(ended).isCompletedWithValue(running.version());
    }

    @Test
    void anInstanceOutOfTheGroupThatSaysItRunsTheTaskKeepsIt() {
        // Its dispatcher left the group on an error; its runs go on, and it says so.
        members = Set.of("instance-b");
        CompletableFuture<Long> ended = foreign.await(running, true);
        clock.advance(LEASE.dividedBy(4));
        foreign.heard(new StillRunning("instance-a", List.of(running.id()), clock.instant()));
        clock.advance(LEASE.dividedBy(4));
        foreign.check();
        clock.advance(LEASE.dividedBy(4));
        foreign.check();
        assertThat(ended).isNotDone();
        clock.advance(LEASE.dividedBy(2));
        foreign.check();
        assertThat(ended).isCompletedWithValue(running.version());
    }

    @Test
    void aRunOfAPullWorkerIsLeftToTheLeaseSinceItsWorkerIsNoInstance() {
        members = Set.of("instance-b");
        CompletableFuture<Long> ended = foreign.await(running, false);
        clock.advance(LEASE.dividedBy(2));
        foreign.check();
        assertThat(ended).isNotDone();
        clock.advance(LEASE.dividedBy(2));
        foreign.check();
        assertThat(ended).isCompletedWithValue(running.version());
    }

    @Test
    void withoutAnAnswerFromTheBrokerNothingIsTakenOver() {
        CompletableFuture<Set<String>> answer = new CompletableFuture<>();
        ForeignRuns unanswered = new ForeignRuns(registry, ownership, LEASE,
                () -> answer.isDone() ? answer : CompletableFuture.failedFuture(new IllegalStateException("no broker")),
                null, meters, clock);
        CompletableFuture<Long> ended = unanswered.await(running, true);
        clock.advance(LEASE.multipliedBy(3));
        unanswered.check();
        assertThat(ended).isNotDone();
        answer.complete(Set.of("instance-a"));
        unanswered.check();
        assertThat(ended).isCompletedWithValue(running.version());
    }

    @Test
    void progressOfTheRunIsWordFromItsRunner() {
        CompletableFuture<Long> ended = foreign.await(running, true);
        Task later = running;
        for (int i = 1; i <= 4; i++) {
            clock.advance(LEASE.dividedBy(2));
            later = later.progress(20 * i, "step " + i, null, clock.instant());
            registry.apply(later, codec.encode(later));
            foreign.check();
        }
        assertThat(ended).isNotDone();
        clock.advance(LEASE);
        foreign.check();
        // quiet at the version of its last progress, which is what the caller must still find to run it
        assertThat(ended).isCompletedWithValue(later.version());
    }

    @Test
    void whatHappensWhileTheBrokerIsAskedIsWeighedWhenItAnswers() {
        CompletableFuture<Set<String>> answer = new CompletableFuture<>();
        ForeignRuns slow = new ForeignRuns(registry, ownership, LEASE, () -> answer, null, meters, clock);
        CompletableFuture<Long> ended = slow.await(running, true);
        clock.advance(LEASE);
        slow.check();
        // The runner's progress lands while the question is out: it is word, and the answer takes nothing over.
        Task later = running.progress(50, "half", null, clock.instant());
        registry.apply(later, codec.encode(later));
        answer.complete(Set.of("instance-b"));
        assertThat(ended).isNotDone();
        assertThat(slow.size()).isEqualTo(1);
    }

    @Test
    void aRunnerThatSpokeOnceIsGivenTheWholeLeaseEvenOutOfTheGroup() {
        members = Set.of("instance-b");
        CompletableFuture<Long> ended = foreign.await(running, true);
        foreign.heard(new StillRunning("instance-a", List.of(running.id()), clock.instant()));
        clock.advance(LEASE.dividedBy(2));
        foreign.check();
        clock.advance(LEASE.dividedBy(4));
        foreign.check();
        assertThat(ended).isNotDone();
        clock.advance(LEASE.dividedBy(4));
        foreign.check();
        assertThat(ended).isCompletedWithValue(running.version());
    }

    @Test
    void aPauseThatKeepsTheProcessWhereItRunsKeepsTheWait() {
        CompletableFuture<Long> ended = foreign.await(running, true);
        Task paused = running.pause(clock.instant());
        registry.apply(paused, codec.encode(paused));
        foreign.check();
        assertThat(ended).isNotDone();

        Task released = paused.released(clock.instant());
        registry.apply(released, codec.encode(released));
        foreign.check();
        assertThat(ended).isCompletedWithValue(ForeignRuns.LOOK_AGAIN);
    }

    @Test
    void onceTheDispatcherStoppedNothingIsHeld() {
        foreign.abandonAll();
        assertThat(foreign.await(running, true).exceptionNow()).isInstanceOf(TaskAbandonedException.class);
        assertThat(foreign.size()).isZero();
    }

    @Test
    void aSecondRecordOfTheSameRunSharesTheWait() {
        CompletableFuture<Long> first = foreign.await(running, true);
        clock.advance(LEASE.dividedBy(2));
        CompletableFuture<Long> second = foreign.await(running, true);
        assertThat(second).isSameAs(first);
        assertThat(foreign.size()).isEqualTo(1);
    }
}
