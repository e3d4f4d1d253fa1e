package io.queuemgr.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamPositionTest {

    @Test
    void aPositionReadsBackAsWritten() {
        StreamPosition p = StreamPosition.origin();
        p.pass(3, 40);
        p.pass(0, 11);
        assertThat(p.toString()).isEqualTo("0-12,3-41");
        assertThat(StreamPosition.parse("0-12,3-41")).get().hasToString("0-12,3-41");
    }

    @Test
    void aRecordIsAheadUntilPassedAndPassingNeverGoesBack() {
        StreamPosition p = StreamPosition.origin();
        assertThat(p.ahead(2, 0)).isTrue();
        p.pass(2, 7);
        assertThat(p.ahead(2, 7)).isFalse();
        assertThat(p.ahead(2, 8)).isTrue();
        p.pass(2, 3);
        assertThat(p.next(2)).isEqualTo(8);
        assertThat(p.next(5)).as("a partition not named is not passed at all").isZero();
    }

    @Test
    void aCopyMovesOnItsOwn() {
        StreamPosition p = StreamPosition.origin();
        StreamPosition copy = p.copy();
        copy.pass(1, 9);
        assertThat(p.next(1)).isZero();
    }

    @Test
    void textThatIsNotAPositionIsRefused() {
        assertThat(StreamPosition.parse("yesterday")).isEmpty();
        assertThat(StreamPosition.parse("0-1,,2-3")).isEmpty();
        assertThat(StreamPosition.parse("0--1")).isEmpty();
        assertThat(StreamPosition.parse("0-99999999999999999999")).isEmpty();
        assertThat(StreamPosition.parse(null)).isEmpty();
    }
}
