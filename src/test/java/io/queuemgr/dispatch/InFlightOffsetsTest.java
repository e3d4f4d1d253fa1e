package io.queuemgr.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InFlightOffsetsTest {

    private final TopicPartition p0 = new TopicPartition("tasks", 0);
    private final InFlightOffsets offsets = new InFlightOffsets();

    @Test
    void commitStopsAtTheOldestUnfinishedTask() {
        for (long o = 10; o < 15; o++) {
            offsets.track(p0, o);
        }
        offsets.done(p0, 11);
        offsets.done(p0, 13);
        assertThat(offsets.committable().get(p0).offset()).isEqualTo(10);
        offsets.done(p0, 10);
        assertThat(offsets.committable().get(p0).offset()).isEqualTo(12);
        offsets.done(p0, 12);
        offsets.done(p0, 14);
        assertThat(offsets.committable().get(p0).offset()).isEqualTo(15);
    }

    @Test
    void nothingNewIsNotCommittedTwice() {
        offsets.track(p0, 0);
        offsets.done(p0, 0);
        assertThat(offsets.committable()).containsKey(p0);
        assertThat(offsets.committable()).isEmpty();
    }

    @Test
    void revokedPartitionsAreForgotten() {
        offsets.track(p0, 0);
        offsets.forget(List.of(p0));
        offsets.done(p0, 0);
        assertThat(offsets.committable()).isEmpty();
        assertThat(offsets.open()).isZero();
    }
}
