package io.queuemgr.rest;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.queuemgr.rest.TaskResource.TaskPage;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/** With split holding, a listing is the holders' pages merged: what the caller sees as one page. */
class MergedPagesTest {

    @Test
    void pagesOfSeveralHoldersAreOneNewestFirstCutAtTheLimitWithTheLastIdAsCursor() {
        // In id order, which is time order: made[4] is the newest.
        List<Task> made = Stream.generate(() -> aTask().pending()).limit(5).sorted(Comparator.comparing(Task::id))
                .toList();
        TaskPage page = TaskRouting.merged(List.of(List.of(made.get(4), made.get(1)), List.of(made.get(3),
                made.get(2), made.get(0))), 3, List.of());

        assertThat(page.items()).extracting(Task::id).containsExactly(made.get(4).id(), made.get(3).id(),
                made.get(2).id());
        assertThat(page.nextCursor()).isEqualTo(made.get(2).id().toString());
        assertThat(page.unanswered()).isEmpty();
    }

    @Test
    void aTaskTwoHoldersListWhileItsPartitionMovesIsListedOnceAtItsNewestVersion() {
        Task waiting = aTask().pending();
        Task running = waiting.start("worker-1", waiting.createdAt().plusSeconds(1));
        TaskPage page = TaskRouting.merged(List.of(List.of(running), List.of(waiting)), 50, List.of());

        assertThat(page.items()).containsExactly(running);
        assertThat(page.items().getFirst().status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void theInstancesThatDidNotAnswerAreNamed() {
        TaskPage page = TaskRouting.merged(List.of(List.of(aTask().pending())), 50, List.of("instance-c"));

        assertThat(page.unanswered()).containsExactly("instance-c");
        assertThat(page.items()).hasSize(1);
    }

    @Test
    void aRelayedLocationKeepsOnlyItsPathAndQuery() {
        assertThat(ForwardedRequest.pathOf("http://10.0.0.7:8080/api/tasks/7?x=1")).isEqualTo("/api/tasks/7?x=1");
        assertThat(ForwardedRequest.pathOf("/api/tasks/7")).isEqualTo("/api/tasks/7");
        assertThat(ForwardedRequest.pathOf("urn:task:7")).isEqualTo("urn:task:7");
    }
}
