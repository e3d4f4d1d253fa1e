package io.queuemgr.task;

import static io.queuemgr.task.TaskStatus.*;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** What an operator may ask of a task in each status, and that every answer agrees with the verb it guards. */
class TaskPredicatesTest {

    private static final Instant LATER = Instant.parse("2026-01-02T00:00:00Z");

    @Test
    void onlyATaskThatEndedOtherThanCompletedCanRunAgain() {
        assertThat(statusesWhere(Task::canRetry)).containsExactlyInAnyOrder(FAILED, CANCELLED, TIMEOUT);
    }

    @Test
    void aTaskCanBeCancelledOrPausedUntilItEnds() {
        Set<TaskStatus> unfinished = EnumSet.of(PENDING, RUNNING, PAUSED, VALIDATING, PREPARING, UPLOADING,
                DOWNLOADING, BUILDING, PULLING);
        assertThat(statusesWhere(Task::canCancel)).containsExactlyInAnyOrderElementsOf(unfinished);
        assertThat(statusesWhere(Task::canPause)).containsExactlyInAnyOrderElementsOf(unfinished);
    }

    @Test
    void onlyAPausedTaskCanBeResumed() {
        assertThat(statusesWhere(Task::canResume)).containsExactly(PAUSED);
        assertThat(aTask().pausedWhileRunning().canResume()).isTrue();
    }

    @Test
    void onlyATaskThatEndedCanBeDiscarded() {
        assertThat(statusesWhere(Task::canDiscard)).containsExactlyInAnyOrder(COMPLETED, FAILED, CANCELLED, TIMEOUT);
    }

    @Test
    void aWorkRecordIsOutdatedByAFinishedTaskOrANewerWaitingOne() {
        assertThat(statusesWhere(t -> t.outdates(t.version()))).containsExactlyInAnyOrder(COMPLETED, FAILED,
                CANCELLED, TIMEOUT);
        Task waiting = aTask().pending();
        assertThat(waiting.outdates(waiting.version())).as("its own work record runs it").isFalse();
        assertThat(waiting.outdates(waiting.version() - 1)).as("an older record is a stale copy").isTrue();
        Task running = aTask().in(RUNNING);
        assertThat(running.outdates(running.version() - 1)).as("running: the runner decides").isFalse();
    }

    @Test
    void deadLettersAreTheTasksThatFailedOrTimedOut() {
        assertThat(statusesWhere(Task::isDeadLetter)).containsExactlyInAnyOrder(FAILED, TIMEOUT);
        assertThat(Arrays.stream(TaskStatus.values()).filter(TaskStatus::isDeadLetter))
                .containsExactlyInAnyOrder(FAILED, TIMEOUT);
    }

    @Test
    void onlyAPendingTaskWaitsInLine() {
        assertThat(Arrays.stream(TaskStatus.values()).filter(TaskStatus::isWaiting)).containsExactly(PENDING);
        assertThat(Arrays.stream(TaskStatus.values()).filter(TaskStatus::isPaused)).containsExactly(PAUSED);
    }

    @ParameterizedTest
    @EnumSource(TaskStatus.class)
    void theFixtureReachesEveryStatusThroughTheModelsVerbs(TaskStatus status) {
        Task task = aTask().in(status);
        assertThat(task.status()).isEqualTo(status);
        assertThat(task.version()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TaskStatus.class)
    void whatAnOperatorMayAskIsWhatTheVerbsAllow(TaskStatus status) {
        Task task = aTask().in(status);
        agrees(task, Task::canCancel, t -> t.cancel(LATER));
        agrees(task, Task::canPause, t -> t.pause(LATER));
        // A retry is for a task that ended; the table also sends an unfinished attempt back to PENDING.
        if (status.isFinal()) {
            agrees(task, Task::canRetry, t -> t.requeue(LATER));
        }
        if (task.canResume()) {
            assertThat(task.resume(LATER).status()).isEqualTo(PENDING);
        }
    }

    @Test
    void thePredicatesAreNotFieldsOfTheSnapshot() throws Exception {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        JsonNode json = mapper.readTree(new TaskCodec(mapper).encode(aTask().in(FAILED)));
        Set<String> components = Arrays.stream(Task.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toSet());

        assertThat(json.fieldNames()).toIterable().isNotEmpty().allMatch(components::contains);
    }

    private static void agrees(Task task, Predicate<Task> may, UnaryOperator<Task> verb) {
        if (may.test(task)) {
            assertThatCode(() -> verb.apply(task)).as("%s", task.status()).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> verb.apply(task)).as("%s", task.status())
                    .isInstanceOf(IllegalTransitionException.class);
        }
    }

    private static Set<TaskStatus> statusesWhere(Predicate<Task> predicate) {
        Set<TaskStatus> out = EnumSet.noneOf(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            if (predicate.test(aTask().in(s))) {
                out.add(s);
            }
        }
        return out;
    }
}
