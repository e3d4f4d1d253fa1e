package io.queuemgr.cache;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.queuemgr.registry.StatusChange;
import io.queuemgr.registry.TaskRegistry;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.MovableClock;
import io.queuemgr.testing.PlainRecords;
import io.queuemgr.testing.TaskBuilder;

class ResultCacheTest {

    private final TaskCodec codec = new TaskCodec(PlainRecords.MAPPER);
    private final TaskRegistry registry = new TaskRegistry(codec);
    private final CompletedResults results = new CompletedResults(codec,
            new ResultFingerprint(PlainRecords.MAPPER, t -> t));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ResultCache cache = new ResultCache(results, registry, meters, clock);

    /** A task that completed with its own result, read from the status topic as every instance reads it. */
    private Task completed(TaskBuilder task, String result) {
        // A source asked for caching itself: only such tasks offer their results.
        Task running = task.pending().cachedFor(Duration.ofHours(1)).start("worker-1", clock.instant());
        Task done = running.succeed(TextNode.valueOf(result), clock.instant());
        read(done);
        return done;
    }

    private void read(Task snapshot) {
        byte[] json = codec.encode(snapshot);
        registry.apply(snapshot, json);
        results.read(0, 0, () -> StatusChange.of(0, 0, snapshot, json));
    }

    private static Task asking(TaskBuilder task, Duration window) {
        return task.pending().cachedFor(window);
    }

    @Test
    void aWaitingTaskTakesTheResultOfTheSameWorkCompletedWithinItsWindow() {
        Task source = completed(aTask().withParam("echo", "a"), "hello");
        clock.advance(Duration.ofMinutes(59));
        Task served = cache.reuse(asking(aTask().withParam("echo", "a"), Duration.ofHours(1))).orElseThrow();
        assertThat(served.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(served.cachedFrom()).isEqualTo(source.id());
        assertThat(served.result()).isEqualTo(TextNode.valueOf("hello"));
        assertThat(served.attempt()).isZero();
        assertThat(served.currentStep()).contains(source.id().toString());
        assertThat(meters.counter("queuemgr.cache.hits", "queue", "default", "type", "noop").count()).isEqualTo(1);
    }

    @Test
    void aResultOlderThanTheWindowIsNotTaken() {
        completed(aTask().withParam("echo", "a"), "hello");
        clock.advance(Duration.ofMinutes(61));
        assertThat(cache.reuse(asking(aTask().withParam("echo", "a"), Duration.ofHours(1)))).isEmpty();
        assertThat(meters.counter("queuemgr.cache.misses", "queue", "default", "type", "noop").count()).isEqualTo(1);
    }

    @Test
    void aTaskThatDidNotAskAlwaysRunsAndIsNotCounted() {
        completed(aTask().withParam("echo", "a"), "hello");
        assertThat(cache.reuse(aTask().withParam("echo", "a").pending())).isEmpty();
        assertThat(meters.getMeters()).isEmpty();
    }

    @Test
    void aDeletedSourceIsNotUsed() {
        Task source = completed(aTask().withParam("echo", "a"), "hello");
        registry.remove(source.id(), true);
        results.removed(source.id());
        assertThat(cache.reuse(asking(aTask().withParam("echo", "a"), Duration.ofHours(1)))).isEmpty();
        assertThat(results.size()).isZero();
    }

    @Test
    void onlyCompletedTasksWithTheirOwnResultAreSources() {
        read(aTask().withParam("echo", "f").in(TaskStatus.FAILED));
        read(aTask().withParam("echo", "c").in(TaskStatus.CANCELLED));
        Task source = completed(aTask().withParam("echo", "a"), "hello");
        Task copy = asking(aTask().withParam("echo", "a"), Duration.ofHours(1)).reuse(source, clock.instant());
        registry.remove(source.id(), true);
        results.removed(source.id());
        read(copy);
        assertThat(results.size()).isZero();
        assertThat(cache.reuse(asking(aTask().withParam("echo", "f"), Duration.ofHours(1)))).isEmpty();
        assertThat(cache.reuse(asking(aTask().withParam("echo", "a"), Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void theNewestSourceOfTheSameWorkIsTaken() {
        completed(aTask().withParam("echo", "a"), "first");
        clock.advance(Duration.ofMinutes(10));
        Task newer = completed(aTask().withParam("echo", "a"), "second");
        Task served = cache.reuse(asking(aTask().withParam("echo", "a"), Duration.ofMinutes(5))).orElseThrow();
        assertThat(served.cachedFrom()).isEqualTo(newer.id());
        assertThat(served.result()).isEqualTo(TextNode.valueOf("second"));
    }

    @Test
    void otherParamsOrAnotherQueueAreOtherWork() {
        completed(aTask().withParam("echo", "a"), "hello");
        assertThat(cache.reuse(asking(aTask().withParam("echo", "b"), Duration.ofHours(1)))).isEmpty();
        assertThat(cache.reuse(asking(aTask().withParam("echo", "a").inQueue("reports"), Duration.ofHours(1))))
                .isEmpty();
    }
}
