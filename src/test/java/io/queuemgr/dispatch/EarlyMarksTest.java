package io.queuemgr.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.queuemgr.task.Task;

class EarlyMarksTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final AtomicLong millis = new AtomicLong(NOW.toEpochMilli());
    private final EarlyMarks marks = new EarlyMarks(millis::get, Duration.ofMinutes(10));

    private static Task aTask() {
        return Task.pending(UUID.randomUUID(), "q", "command", null, null, List.of(), 0, 3, null, null, NOW);
    }

    @Test
    void aMarkCoversTheVersionItWasGivenForAndEarlierOnes() {
        Task task = aTask();
        marks.remember(task.id(), task.version() + 1);
        assertThat(marks.take(task)).isTrue();
    }

    @Test
    void aMarkIsUsedUpEvenByALaterVersion() {
        Task task = aTask();
        marks.remember(task.id(), task.version());
        assertThat(marks.take(task.pause(NOW))).isFalse();
        assertThat(marks.take(task)).isFalse();
    }

    @Test
    void oldMarksAreForgottenOnceThereAreMany() {
        Task old = aTask();
        marks.remember(old.id(), old.version());
        for (int i = 0; i < 10_000; i++) {
            marks.remember(UUID.randomUUID(), 1);
        }
        millis.addAndGet(Duration.ofMinutes(11).toMillis());
        marks.remember(UUID.randomUUID(), 1);
        assertThat(marks.take(old)).isFalse();
    }

    @Test
    void recentMarksSurviveTheSweep() {
        Task recent = aTask();
        for (int i = 0; i < 10_001; i++) {
            marks.remember(UUID.randomUUID(), 1);
        }
        millis.addAndGet(Duration.ofMinutes(11).toMillis());
        marks.remember(recent.id(), recent.version());
        marks.remember(UUID.randomUUID(), 1);
        assertThat(marks.take(recent)).isTrue();
    }
}
