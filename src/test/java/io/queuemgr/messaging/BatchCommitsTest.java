package io.queuemgr.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchCommitsTest {

    private final TopicPartition p0 = new TopicPartition("submit", 0);
    private final TopicPartition p1 = new TopicPartition("submit", 1);
    private final BatchCommits commits = new BatchCommits();
    private final List<Map<TopicPartition, Long>> rewinds = new ArrayList<>();

    /** A poll of the records at the given offsets of one partition. */
    private ConsumerRecords<String, byte[]> poll(TopicPartition tp, long... offsets) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (long offset : offsets) {
            records.add(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null, new byte[0]));
        }
        return new ConsumerRecords<>(Map.of(tp, records), Map.of());
    }

    private Map<TopicPartition, Long> committed() {
        Map<TopicPartition, Long> out = new HashMap<>();
        commits.committable().forEach((tp, o) -> out.put(tp, o.offset()));
        return out;
    }

    @Test
    void aPollIsCommittableOnlyOnceEveryPollBeforeItIsDurable() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        commits.add(poll(p0, 0, 1, 2), first);
        commits.add(poll(p0, 3, 4), second);

        second.complete(null);
        commits.settle(rewinds::add, false, 8);
        assertThat(committed()).isEmpty();

        first.complete(null);
        commits.settle(rewinds::add, false, 8);
        assertThat(committed()).containsExactly(Map.entry(p0, 5L));
        assertThat(commits.pending()).isZero();
    }

    @Test
    void whatWasHandedOutIsNotCommittableAgain() {
        commits.durable(poll(p0, 7));
        assertThat(commits.committable()).containsExactly(Map.entry(p0, new OffsetAndMetadata(8)));
        assertThat(commits.committable()).isEmpty();
    }

    @Test
    void aFailedPollIsReadAgainFromItsFirstOffsetsWithEveryLaterOne() {
        CompletableFuture<Void> failing = new CompletableFuture<>();
        commits.add(poll(p0, 10, 11), CompletableFuture.completedFuture(null));
        commits.add(poll(p1, 20, 21), failing);
        commits.add(poll(p0, 12), CompletableFuture.completedFuture(null));

        failing.completeExceptionally(new IllegalStateException("broker away"));
        commits.settle(rewinds::add, false, 8);

        assertThat(rewinds).containsExactly(Map.of(p1, 20L, p0, 12L));
        assertThat(commits.pending()).isZero();
        assertThat(committed()).containsExactly(Map.entry(p0, 12L));
    }

    @Test
    void aPartitionOnlyLaterPollsHoldIsReadAgainFromTheFirstOffsetTheyHold() {
        CompletableFuture<Void> failing = new CompletableFuture<>();
        commits.add(poll(p0, 10, 11), failing);
        commits.add(poll(p1, 20, 21), CompletableFuture.failedFuture(new IllegalStateException("held back")));
        commits.add(poll(p1, 22), CompletableFuture.completedFuture(null));
        commits.add(poll(p0, 12), CompletableFuture.completedFuture(null));

        failing.completeExceptionally(new IllegalStateException("broker away"));
        commits.settle(rewinds::add, false, 8);

        assertThat(rewinds).containsExactly(Map.of(p0, 10L, p1, 20L));
        assertThat(committed()).isEmpty();
    }

    @Test
    void settlingWaitsForTheOldestPollsPastTheLimit() {
        CompletableFuture<Void> oldest = new CompletableFuture<>();
        commits.add(poll(p0, 0), oldest);
        commits.add(poll(p0, 1), new CompletableFuture<>());
        CompletableFuture.runAsync(() -> oldest.complete(null));

        commits.settle(rewinds::add, false, 1);

        assertThat(commits.pending()).isEqualTo(1);
        assertThat(committed()).containsExactly(Map.entry(p0, 1L));
    }

    @Test
    void aDurablePollBehindOneUnderWayWaitsForIt() {
        CompletableFuture<Void> underWay = new CompletableFuture<>();
        commits.add(poll(p0, 0), underWay);
        commits.durable(poll(p0, 1));
        assertThat(committed()).isEmpty();

        underWay.complete(null);
        commits.settle(rewinds::add, false, 8);
        assertThat(committed()).containsExactly(Map.entry(p0, 2L));
    }

    @Test
    void aNewSessionStartsWithNothingTracked() {
        commits.add(poll(p0, 0), new CompletableFuture<>());
        commits.durable(poll(p1, 0));
        commits.reset();
        assertThat(commits.pending()).isZero();
        assertThat(commits.committable()).isEmpty();
    }
}
