package io.queuemgr.dispatch;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;

/** Runs every change in the calling thread, so that what has run is known when a call returns. */
class TaskTurnsTest {

    private final TaskTurns turns = new TaskTurns(Runnable::run);
    private final Task task = aTask().in(TaskStatus.FAILED);

    @Test
    void aChangeToATaskStartsOnlyOnceTheChangeBeforeItHasEnded() {
        CompletableFuture<Task> first = new CompletableFuture<>();
        AtomicBoolean secondRan = new AtomicBoolean();
        var firstAnswer = turns.inTurn(task.id(), () -> first);
        var secondAnswer = turns.inTurn(task.id(), () -> {
            secondRan.set(true);
            return CompletableFuture.completedFuture(task);
        });

        assertThat(secondRan).isFalse();
        first.complete(task);
        assertThat(secondRan).isTrue();
        assertThat(firstAnswer).isCompletedWithValue(task);
        assertThat(secondAnswer).isCompletedWithValue(task);
    }

    @Test
    void aRefusedChangeFailsItsOwnAnswerAsThrownAndDoesNotHoldUpTheNext() {
        IllegalStateException refusal = new IllegalStateException("refused");
        CompletableFuture<Task> refused = turns.inTurn(task.id(), () -> {
            throw refusal;
        });
        var next = turns.inTurn(task.id(), () -> CompletableFuture.completedFuture(task));

        assertThat(catchThrowable(refused::join).getCause()).isSameAs(refusal);
        assertThat(next.join()).isEqualTo(task);
    }

    @Test
    void changesToDifferentTasksDoNotWaitForEachOther() {
        Task other = aTask().in(TaskStatus.FAILED);
        turns.inTurn(task.id(), CompletableFuture::new);

        var answer = turns.inTurn(other.id(), () -> CompletableFuture.completedFuture(other));

        assertThat(answer).isCompletedWithValue(other);
    }
}
