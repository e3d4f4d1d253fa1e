package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.json.InstantJson;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskStatus;

class TaskRegistryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final TaskCodec codec;
    private final TaskRegistry registry;

    TaskRegistryTest() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new InstantJson().customize(mapper);
        codec = new TaskCodec(mapper);
        registry = new TaskRegistry(codec);
    }

    private void publish(Task t) {
        registry.apply(t, codec.encode(t));
    }

    private void read(Task t, boolean withHeaders) {
        OneRecord.apply(registry, t.id(), withHeaders ? t.version() : -1, withHeaders ? t.status() : null,
                withHeaders ? millis(t.startedAt()) : -1, withHeaders ? millis(t.finishedAt()) : -1, codec.encode(t));
    }

    private static long millis(Instant t) {
        return t == null ? -1 : t.toEpochMilli();
    }

    @Test
    void finishedTasksPastTheirRetentionOrPastTheCapAreDueToLeaveOldestFirst() {
        Task oldDone = finish(aTask().inQueue("q").pending(), 10, true);
        Task oldDead = finish(aTask().inQueue("q").pending(), 20, false);
        Task recentDone = finish(aTask().inQueue("q").pending(), 300, true);
        Task newestDone = finish(aTask().inQueue("q").pending(), 400, true);
        Task waiting = aTask().inQueue("q").pending();
        publish(waiting);
        long done = T0.plusSeconds(100).toEpochMilli();
        long dead = T0.plusSeconds(25).toEpochMilli();

        assertThat(registry.expired(done, dead, 100)).extracting(TaskRegistry.Expired::id)
                .containsExactlyInAnyOrder(oldDone.id(), oldDead.id());
        // A dead letter stays longer than a completed task of the same age.
        assertThat(registry.expired(done, T0.toEpochMilli(), 100)).extracting(TaskRegistry.Expired::id)
                .containsExactly(oldDone.id());
        // Capped at one finished task: every finished one but the newest goes, and never a waiting one.
        assertThat(registry.expired(0, 0, 1)).extracting(TaskRegistry.Expired::id)
                .containsExactly(oldDone.id(), oldDead.id(), recentDone.id());
    }

    private Task finish(Task p, int atSeconds, boolean ok) {
        Task running = p.start("w", T0.plusSeconds(atSeconds - 1));
        Task end = ok
                ? running.succeed(null, T0.plusSeconds(atSeconds))
                : running.fail(null, null, T0.plusSeconds(atSeconds));
        publish(end);
        return end;
    }

    @Test
    void aTaskThisInstanceDeletedStaysGoneWhileItsReaderCatchesUpWithTheSnapshotsBeforeTheTombstone() {
        Task p = aTask().inQueue("q").pending();
        Task running = p.start("w1", T0.plusSeconds(1));
        Task cancelled = running.cancel(T0.plusSeconds(2));
        publish(p);
        publish(running);
        publish(cancelled);
        // The DELETE's tombstone is acked before the reader has read the task's last snapshots.
        registry.removeAhead(p.id());
        read(running, true);
        read(cancelled, true);
        read(cancelled, false);
        assertThat(registry.contains(p.id())).isFalse();
        assertThat(registry.list(new TaskFilter("q", null, null, null, null, null), null, 10)).isEmpty();
        assertThat(registry.count("q", TaskStatus.CANCELLED)).isZero();

        // The reader reaches the tombstone; what comes after it is a task again (a submission reusing the id).
        registry.remove(p.id(), true);
        read(p, true);
        assertThat(registry.get(p.id())).hasValue(p);
    }

    @Test
    void answersTheNewestSnapshotWhateverOrderTheyArriveIn() {
        Task p = aTask().pending();
        Task running = p.start("w1", T0.plusSeconds(1));
        Task done = running.succeed(TextNode.valueOf("ok"), T0.plusSeconds(2));

        publish(p);
        read(done, true);
        read(running, true);
        publish(running);

        Task held = registry.get(p.id()).orElseThrow();
        assertThat(held.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(held.result().asText()).isEqualTo("ok");
        assertThat(held.startedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(registry.versionOf(p.id())).isEqualTo(done.version());
        assertThat(registry.list(new TaskFilter(null, TaskStatus.COMPLETED, null, null, null, null), null, 10))
                .extracting(Task::id).containsExactly(p.id());
        assertThat(registry.list(new TaskFilter(null, TaskStatus.RUNNING, null, null, null, null), null, 10))
                .isEmpty();
    }

    @Test
    void aFinalSnapshotWhoseHeadersGiveItsTimesIsTakenWithoutParsingItsJson() {
        Task p = aTask().inQueue("q").pending();
        publish(p);
        long started = T0.plusSeconds(1).toEpochMilli();
        long finished = T0.plusSeconds(2).toEpochMilli();
        byte[] unparsable = "not json".getBytes();

        OneRecord.apply(registry, p.id(), 3, TaskStatus.COMPLETED, started, finished, unparsable);

        assertThat(registry.versionOf(p.id())).isEqualTo(3);
        assertThat(registry.count("q", TaskStatus.COMPLETED)).isEqualTo(1);
        // The finishing time from the headers is what retention reads.
        assertThat(registry.expired(finished + 1, 0, 100)).extracting(TaskRegistry.Expired::id).containsExactly(p.id());
        assertThat(registry.expired(finished, 0, 100)).isEmpty();
    }

    @Test
    void recordsWithoutVersionHeadersAreReadFromTheirJson() {
        Task p = aTask().withCategory("reports").withTags("nightly").withIdempotencyKey("key-1").pending();
        Task running = p.start("w1", T0.plusSeconds(1));

        read(running, false);
        read(p, false);

        assertThat(registry.get(p.id()).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(registry.byIdempotencyKey("key-1")).map(Task::id).contains(p.id());
        assertThat(registry.versionOf(p.id())).isEqualTo(running.version());
    }

    @Test
    void filtersByEveryFieldAndPagesNewestFirst() {
        Task a = aTask().inQueue("emails").ofType("command").withCategory("billing").withTags("eu", "urgent").pending();
        Task b = aTask().inQueue("emails").ofType("webhook").withCategory("billing").withTags("us").pending();
        Task c = aTask().inQueue("reports").ofType("command").withIdempotencyKey("k").pending();
        List.of(a, b, c).forEach(this::publish);

        assertThat(ids(new TaskFilter("emails", null, null, null, null, null))).containsOnly(a.id(), b.id());
        assertThat(ids(new TaskFilter(null, null, "command", null, null, null))).containsOnly(a.id(), c.id());
        assertThat(ids(new TaskFilter(null, null, null, "billing", "urgent", null))).containsOnly(a.id());
        assertThat(ids(new TaskFilter(null, null, null, null, null, "k"))).containsOnly(c.id());
        assertThat(ids(new TaskFilter("emails", TaskStatus.PENDING, "webhook", "billing", "us", null)))
                .containsOnly(b.id());

        TaskFilter all = new TaskFilter(null, null, null, null, null, null);
        List<Task> first = registry.list(all, null, 2);
        List<Task> rest = registry.list(all, first.get(1).id(), 2);
        assertThat(first).hasSize(2);
        assertThat(rest).hasSize(1);
        assertThat(List.of(first.get(0).id(), first.get(1).id(), rest.get(0).id()))
                .containsExactlyInAnyOrder(a.id(), b.id(), c.id());
    }

    @Test
    void theDeadLettersOfAQueueAreItsTasksThatFailedOrTimedOut() {
        Map<TaskStatus, Task> byStatus = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            byStatus.put(s, aTask().inQueue("emails").in(s));
        }
        Task elsewhere = aTask().inQueue("reports").in(TaskStatus.FAILED);
        byStatus.values().forEach(this::publish);
        publish(elsewhere);

        assertThat(ids(TaskFilter.deadLetters("emails")))
                .containsOnly(byStatus.get(TaskStatus.FAILED).id(), byStatus.get(TaskStatus.TIMEOUT).id());
        assertThat(ids(TaskFilter.deadLetters(null))).containsOnly(byStatus.get(TaskStatus.FAILED).id(),
                byStatus.get(TaskStatus.TIMEOUT).id(), elsewhere.id());
    }

    @Test
    void aTombstoneRemovesTheTaskAndItsKey() {
        Task p = aTask().withIdempotencyKey("gone").pending();
        publish(p);
        registry.remove(p.id(), true);
        assertThat(registry.get(p.id())).isEmpty();
        assertThat(registry.byIdempotencyKey("gone")).isEmpty();
        assertThat(registry.list(new TaskFilter(null, null, null, null, null, null), null, 10)).isEmpty();
        assertThat(registry.size()).isZero();
    }

    private List<UUID> ids(TaskFilter filter) {
        return registry.list(filter, null, 100).stream().map(Task::id).toList();
    }
}
