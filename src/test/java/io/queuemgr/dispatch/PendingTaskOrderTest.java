package io.queuemgr.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class PendingTaskOrderTest {

    @Test
    void higherPriorityFirstThenOlderThenEarlierArrival() {
        PendingTask lowOld = waiting(1, 100, 1);
        PendingTask highNew = waiting(9, 900, 2);
        PendingTask highOld = waiting(9, 200, 3);
        PendingTask highOldLater = waiting(9, 200, 4);
        PendingTask negative = waiting(-5, 0, 5);
        List<PendingTask> line = new ArrayList<>(List.of(negative, lowOld, highOldLater, highNew, highOld));
        line.sort(PendingTask.ORDER);
        assertThat(line).containsExactly(highOld, highOldLater, highNew, lowOld, negative);
    }

    private static PendingTask waiting(int priority, long createdMillis, long sequence) {
        return new PendingTask(UUID.randomUUID(), "q", priority, createdMillis, 1, null, null, 0, sequence);
    }
}
