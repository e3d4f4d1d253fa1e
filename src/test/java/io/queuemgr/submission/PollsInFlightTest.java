package io.queuemgr.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which records of the Kafka intake's polls are made again when a poll fails and is read again. */
class PollsInFlightTest {

    private final TopicPartition p0 = new TopicPartition("submit", 0);
    private final TopicPartition p1 = new TopicPartition("submit", 1);
    private final PollsInFlight polls = new PollsInFlight();

    private static ConsumerRecord<String, byte[]> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null, new byte[0]);
    }

    /**
     * A poll of the given records (give them partition by partition, the order a poll is read in); each record's
     * outcome future, in that order, is added to {@code results}.
     */
    private ConsumerRecords<String, byte[]> poll(List<CompletableFuture<?>> results,
            List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
        records.forEach(r -> byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                tp -> new ArrayList<>()).add(r));
        ConsumerRecords<String, byte[]> poll = new ConsumerRecords<>(byPartition, Map.of());
        poll.forEach(r -> results.add(new CompletableFuture<>()));
        polls.add(poll, results, CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)));
        return poll;
    }

    private boolean passedOver(TopicPartition tp, long offset) {
        return polls.handledBefore(record(tp, offset));
    }

    @Test
    void recordsMadeBeforeTheirPollFailedAreNotMadeAgainWhenReadAgain() {
        List<CompletableFuture<?>> results = new ArrayList<>();
        poll(results, List.of(record(p0, 10), record(p0, 11), record(p0, 12), record(p0, 13)));
        results.get(0).complete(null);
        results.get(1).completeExceptionally(new IllegalStateException("holder away"));
        // 12 still waits for its acks: made again when read again, as after a crash; 13 was made.
        results.get(3).complete(null);

        polls.readAgain(Map.of(p0, 10L));

        assertThat(polls.remembered()).isEqualTo(2);
        assertThat(passedOver(p0, 10)).isTrue();
        assertThat(passedOver(p0, 11)).isFalse();
        assertThat(passedOver(p0, 12)).isFalse();
        assertThat(passedOver(p0, 13)).isTrue();
        // Passed over once; handled (passed over) again before a further rewind, it would be remembered again.
        assertThat(passedOver(p0, 10)).isFalse();
        assertThat(polls.remembered()).isZero();
    }

    @Test
    void laterPollsAreRememberedTooAndOnlyFromWhereTheyAreReadAgain() {
        List<CompletableFuture<?>> first = new ArrayList<>();
        poll(first, List.of(record(p0, 0), record(p0, 1)));
        first.forEach(f -> f.complete(null));
        polls.settled();
        List<CompletableFuture<?>> failed = new ArrayList<>();
        poll(failed, List.of(record(p0, 2), record(p1, 7)));
        failed.get(0).completeExceptionally(new IllegalStateException("broker away"));
        failed.get(1).complete(null);
        List<CompletableFuture<?>> later = new ArrayList<>();
        poll(later, List.of(record(p0, 3), record(p1, 8)));
        later.forEach(f -> f.complete(null));

        polls.readAgain(Map.of(p0, 2L, p1, 8L));

        // The first poll was committed and is not read again; p1@7 lies before where p1 is read from.
        assertThat(passedOver(p0, 0)).isFalse();
        assertThat(passedOver(p1, 7)).isFalse();
        assertThat(passedOver(p0, 2)).isFalse();
        assertThat(passedOver(p0, 3)).isTrue();
        assertThat(passedOver(p1, 8)).isTrue();
    }

    @Test
    void aPartitionThatLeavesIsForgottenAndWhoeverReadsItNextMakesItsRecords() {
        List<CompletableFuture<?>> results = new ArrayList<>();
        poll(results, List.of(record(p0, 5), record(p0, 6), record(p1, 5)));
        results.get(0).complete(null);
        results.get(1).completeExceptionally(new IllegalStateException("holder away"));
        results.get(2).complete(null);
        polls.readAgain(Map.of(p0, 5L, p1, 5L));
        assertThat(polls.remembered()).isEqualTo(2);

        polls.revoked(List.of(p0));
        assertThat(passedOver(p0, 5)).isFalse();
        assertThat(polls.remembered()).isEqualTo(1);

        polls.clear();
        assertThat(passedOver(p1, 5)).isFalse();
    }

    @Test
    void nothingIsRememberedWhilePollsSucceed() {
        for (int i = 0; i < 3; i++) {
            List<CompletableFuture<?>> results = new ArrayList<>();
            poll(results, List.of(record(p0, i)));
            results.forEach(f -> f.complete(null));
            polls.settled();
        }
        // A rewind now (a later failure) finds no poll under way before it.
        polls.readAgain(Map.of(p0, 3L));
        assertThat(polls.remembered()).isZero();
    }
}
