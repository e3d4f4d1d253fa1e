package io.queuemgr.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.queuemgr.queue.QueueDefinition;
import io.queuemgr.queue.RateLimit;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskIds;
import io.queuemgr.testing.MovableClock;

/** The order in which waiting tasks of several queues start on one instance. */
class QueueLanesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("tasks", 0);

    private static QueueDefinition queue(String name, int priority, int maxConcurrent) {
        return new QueueDefinition(name, null, maxConcurrent, priority, 3, Duration.ofSeconds(1), Duration.ofHours(1),
                null, null, false, T0, T0);
    }

    private final MovableClock clock = new MovableClock(T0);
    private long sequence;

    private PendingTask waiting(String queue, int taskPriority) {
        Task t = Task.pending(TaskIds.newId(), queue, "noop", JsonNodeFactory.instance.objectNode(), null, List.of(),
                taskPriority, 0, null, null, T0.plusMillis(sequence));
        sequence++;
        return PendingTask.of(t, queue, true, P0, sequence, sequence);
    }

    private static List<String> starts(QueueLanes lanes, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PendingTask next = lanes.next();
            out.add(next == null ? "-" : next.queue() + ":" + next.priority());
        }
        return out;
    }

    @Test
    void aQueueOfPriorityThreeStartsThreeTasksForEachOneOfAPriorityOneQueue() {
        Map<String, QueueDefinition> defs = Map.of("heavy", queue("heavy", 3, 100), "light", queue("light", 1, 100));
        QueueLanes lanes = new QueueLanes(name -> Optional.ofNullable(defs.get(name)), clock);
        for (int i = 0; i < 8; i++) {
            lanes.add(waiting("light", 5));
            lanes.add(waiting("heavy", 5));
        }

        List<String> order = starts(lanes, 12).stream().map(s -> s.substring(0, s.indexOf(':'))).toList();

        assertThat(order).containsExactly("light", "heavy", "heavy", "heavy", "light", "heavy", "heavy", "heavy",
                "light", "heavy", "heavy", "light");
    }

    @Test
    void withinAQueueHigherPriorityTasksStartFirstAndAFullQueueStepsAside() {
        Map<String, QueueDefinition> defs = Map.of("full", queue("full", 1, 1), "other", queue("other", 1, 10));
        QueueLanes lanes = new QueueLanes(name -> Optional.ofNullable(defs.get(name)), clock);
        lanes.add(waiting("full", 1));
        lanes.add(waiting("full", 9));
        lanes.add(waiting("other", 2));
        lanes.add(waiting("other", 7));

        // "full" may run one at a time: its priority-9 task starts, then only "other" moves until it ends.
        assertThat(starts(lanes, 4)).containsExactly("full:9", "other:7", "other:2", "-");
        lanes.ended("full");
        assertThat(starts(lanes, 2)).containsExactly("full:1", "-");
    }

    @Test
    void aRateLimitedQueueStartsAgainOnlyOnceItsWindowHasPassed() {
        QueueDefinition limited = new QueueDefinition("limited", null, 100, 1, 3, Duration.ofSeconds(1),
                Duration.ofHours(1), null, new RateLimit(2, Duration.ofMinutes(1)), false, T0, T0);
        QueueLanes lanes = new QueueLanes(name -> Optional.of(limited).filter(q -> q.name().equals(name)), clock);
        for (int i = 0; i < 3; i++) {
            lanes.add(waiting("limited", 5));
        }

        // Two starts a minute: the third task waits for the first start to be a minute old.
        assertThat(starts(lanes, 3)).containsExactly("limited:5", "limited:5", "-");
        clock.advance(Duration.ofSeconds(59));
        lanes.recheck();
        assertThat(starts(lanes, 1)).containsExactly("-");
        clock.advance(Duration.ofSeconds(1));
        lanes.recheck();
        assertThat(starts(lanes, 2)).containsExactly("limited:5", "-");
    }
}
