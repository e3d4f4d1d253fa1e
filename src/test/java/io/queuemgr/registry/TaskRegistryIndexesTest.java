package io.queuemgr.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.queuemgr.json.InstantJson;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskCodec;
import io.queuemgr.task.TaskIds;
import io.queuemgr.task.TaskStatus;

class TaskRegistryIndexesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final TaskFilter ALL = new TaskFilter(null, null, null, null, null, null);

    private final TaskCodec codec;
    private final TaskRegistry registry;

    TaskRegistryIndexesTest() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new InstantJson().customize(mapper);
        codec = new TaskCodec(mapper);
        registry = new TaskRegistry(codec);
    }

    @Test
    void pagesWithAfterVisitEveryMatchOnceNewestFirstWhateverOrderTheTasksArrivedIn() {
        // 12,000 tasks: a filter on every second one matches more than are sorted directly, so both ways are taken.
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            tasks.add(task(i, "q" + i % 2, "cat-" + i % 100, "tag-" + i % 7));
        }
        List<Task> arrival = new ArrayList<>(tasks);
        Collections.shuffle(arrival, new Random(7));
        arrival.forEach(this::publish);

        for (TaskFilter f : List.of(ALL, new TaskFilter("q1", null, null, null, null, null),
                new TaskFilter(null, null, null, "cat-3", null, null),
                new TaskFilter("q1", null, null, "cat-3", "tag-2", null))) {
            List<UUID> expected = tasks.stream().filter(t -> matches(f, t)).map(Task::id)
                    .sorted(Comparator.reverseOrder()).toList();
            assertThat(pageThrough(f, 37)).as("%s", f).isEqualTo(expected);
        }
    }

    @Test
    void aFilterWithAValueNoTaskHasAnswersNothing() {
        publish(task(1, "q", "cat", "tag"));
        assertThat(registry.list(new TaskFilter(null, null, "nothing", null, null, null), null, 50)).isEmpty();
        assertThat(registry.list(new TaskFilter(null, null, null, "cat", "other", null), null, 50)).isEmpty();
        assertThat(registry.list(TaskFilter.deadLetters(null), null, 50)).isEmpty();
    }

    @Test
    void aTaskMovesBetweenStatusIndexesAndAnOlderSnapshotDoesNotMoveItBack() {
        Task pending = task(1, "q", null, null);
        Task running = pending.start("w", T0.plusSeconds(1));
        Task done = running.succeed(TextNode.valueOf("ok"), T0.plusSeconds(2));
        publish(pending);
        publish(running);
        assertThat(ids(TaskStatus.RUNNING)).containsExactly(pending.id());
        assertThat(ids(TaskStatus.PENDING)).isEmpty();

        publish(done);
        publish(running);
        OneRecord.apply(registry, pending.id(), pending.version(), pending.status(), -1, -1, codec.encode(pending));

        assertThat(ids(TaskStatus.COMPLETED)).containsExactly(pending.id());
        assertThat(ids(TaskStatus.RUNNING)).isEmpty();
        assertThat(ids(TaskStatus.PENDING)).isEmpty();
        assertThat(registry.count("q", TaskStatus.COMPLETED)).isEqualTo(1);
        assertThat(registry.get(pending.id()).orElseThrow()).isEqualTo(done);
    }

    @Test
    void aRemovedTaskLeavesEveryIndexAndItsSlotServesANewTaskInItsOwnPlace() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(task(i * 10, "q", "cat", "tag"));
        }
        tasks.forEach(this::publish);
        for (int i = 0; i < 20; i += 2) {
            registry.remove(tasks.get(i).id(), true);
        }
        registry.list(ALL, null, 1); // the order drops the removed tasks, and their slots are free again
        List<Task> later = List.of(task(5, "q", "cat", "tag"), task(1_000, "other", "cat", "tag"));
        later.forEach(this::publish);

        List<UUID> expected = new ArrayList<>(later.stream().map(Task::id).toList());
        for (int i = 1; i < 20; i += 2) {
            expected.add(tasks.get(i).id());
        }
        expected.sort(Comparator.reverseOrder());
        assertThat(pageThrough(new TaskFilter(null, null, null, "cat", "tag", null), 3)).isEqualTo(expected);
        assertThat(pageThrough(new TaskFilter("other", null, null, null, null, null), 3))
                .containsExactly(later.get(1).id());
        assertThat(registry.get(tasks.get(0).id())).isEmpty();
        assertThat(registry.get(later.get(0).id()).orElseThrow()).isEqualTo(later.get(0));
        assertThat(registry.size()).isEqualTo(12);
        assertThat(registry.count("q", TaskStatus.PENDING)).isEqualTo(11);
    }

    @Test
    void aValueWhoseLastTaskLeftMatchesNothingEvenAfterItsNumberServesAnotherValue() {
        Task a = task(1, "q", "alone", "only-a");
        publish(a);
        registry.remove(a.id(), true);
        Task b = task(2, "q", "fresh", "only-b");
        publish(b);

        assertThat(registry.list(new TaskFilter(null, null, null, "alone", null, null), null, 10)).isEmpty();
        assertThat(registry.list(new TaskFilter(null, null, null, null, "only-a", null), null, 10)).isEmpty();
        assertThat(registry.list(new TaskFilter(null, null, null, "fresh", "only-b", null), null, 10))
                .extracting(Task::id).containsExactly(b.id());
    }

    @Test
    void manyTasksComeAndGoAndEachIsFoundByItsIdUntilItLeaves() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            tasks.add(task(i, "q", null, null));
        }
        tasks.forEach(this::publish);
        for (int i = 0; i < 5_000; i += 3) {
            registry.remove(tasks.get(i).id(), true);
        }
        for (int i = 0; i < 5_000; i++) {
            assertThat(registry.contains(tasks.get(i).id())).isEqualTo(i % 3 != 0);
        }
        assertThat(registry.stats("q", T0.toEpochMilli()).total()).isEqualTo(registry.size());
    }

    @Test
    void statsCountAQueuesTasksByStatusAndTypeAndTimeItsFinishedOnes() {
        Task waiting = task(1, "q", null, null);
        Task ran = task(2, "q", null, null);
        Task elsewhere = task(3, "other", null, null);
        publish(waiting);
        publish(ran.start("w", T0.plusSeconds(2)).succeed(null, T0.plusSeconds(5)));
        publish(elsewhere);

        TaskStats stats = registry.stats("q", T0.plusSeconds(30).toEpochMilli());

        assertThat(stats.total()).isEqualTo(2);
        assertThat(stats.byStatus()).containsOnly(entry("PENDING", 1L), entry("COMPLETED", 1L));
        assertThat(stats.byType()).containsOnly(entry("noop", 2L));
        assertThat(stats.queueLength()).isEqualTo(1);
        assertThat(stats.successRate()).isEqualTo(1.0);
        assertThat(stats.runTimeMs().withoutPoints()).isEqualTo(new TaskStats.Durations(1, 3000.0, 3000L, 3000L));
        assertThat(stats.waitTimeMs().withoutPoints()).isEqualTo(new TaskStats.Durations(1, 2000.0, 2000L, 2000L));
        assertThat(stats.lastMinute().completed()).isEqualTo(1);
        assertThat(registry.stats(null, T0.toEpochMilli()).total()).isEqualTo(3);
    }

    @Test
    void tasksHeldWhileFilingWasHeldAreFoundByEveryFilterOnceFiledAsIfFiledOneByOne() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            tasks.add(task(i, "q" + i % 3, i % 5 == 0 ? null : "cat-" + i % 11, i % 4 == 0 ? null : "tag-" + i % 13));
        }
        registry.holdFiling();
        for (Task t : tasks) {
            publish(t);
            if (t.id().hashCode() % 3 == 0) {
                publish(t.start("w", T0.plusSeconds(1)).succeed(null, T0.plusSeconds(2)));
            }
        }
        for (int i = 0; i < tasks.size(); i += 7) {
            registry.remove(tasks.get(i).id(), true);
        }
        // Held meanwhile, but not yet filed: a listing finds none of them.
        assertThat(registry.list(ALL, null, 10)).isEmpty();

        registry.fileAll();
        publish(task(5_000, "q0", "cat-1", "tag-1"));

        List<Task> held = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (i % 7 != 0) {
                held.add(tasks.get(i));
            }
        }
        held.add(task(5_000, "q0", "cat-1", "tag-1"));
        for (TaskFilter f : List.of(ALL, new TaskFilter("q1", null, null, null, null, null),
                new TaskFilter(null, null, null, "cat-3", null, null),
                new TaskFilter(null, null, null, null, "tag-1", null),
                new TaskFilter("q0", null, null, "cat-1", "tag-1", null))) {
            List<UUID> expected = held.stream().filter(t -> matches(f, t)).map(Task::id)
                    .sorted(Comparator.reverseOrder()).toList();
            assertThat(pageThrough(f, 101)).as("%s", f).isEqualTo(expected);
        }
        long completed = held.stream().filter(t -> t.id().hashCode() % 3 == 0).count();
        assertThat(pageThrough(new TaskFilter(null, TaskStatus.COMPLETED, null, null, null, null), 500))
                .hasSize((int) completed);
        assertThat(registry.stats(null, T0.toEpochMilli()).total()).isEqualTo(held.size());
    }

    private List<UUID> pageThrough(TaskFilter f, int size) {
        List<UUID> all = new ArrayList<>();
        UUID after = null;
        for (List<Task> page = registry.list(f, null, size); !page.isEmpty(); page = registry.list(f, after, size)) {
            page.forEach(t -> all.add(t.id()));
            after = page.get(page.size() - 1).id();
        }
        return all;
    }

    private static boolean matches(TaskFilter f, Task t) {
        return (f.queue() == null || f.queue().equals(t.queue()))
                && (f.category() == null || f.category().equals(t.category()))
                && (f.tag() == null || t.tags().contains(f.tag()));
    }

    private List<UUID> ids(TaskStatus status) {
        return registry.list(new TaskFilter(null, status, null, null, null, null), null, 10).stream().map(Task::id)
                .toList();
    }

    private void publish(Task t) {
        registry.apply(t, codec.encode(t));
    }

    private static Task task(int i, String queue, String category, String tag) {
        return Task.pending(TaskIds.deterministic(T0.toEpochMilli() + i, i, 3), queue, "noop",
                JsonNodeFactory.instance.objectNode(), category, tag == null ? List.of() : List.of(tag), 5, 3, null,
                null, T0);
    }
}
