package io.queuemgr.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.supervision.LoopSupervisor;
import io.queuemgr.supervision.SupervisionConfig;
import io.queuemgr.testing.ConfigDefaults;
import io.queuemgr.testing.LocalStack;
import io.smallrye.mutiny.Uni;

/** The consumer-loop skeleton against the real broker: what it commits, where it goes on after a failure. */
class ConsumerLoopTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private static KafkaClients clients;
    private static Admin admin;

    private final LoopSupervisor supervisor = new LoopSupervisor(new SupervisionConfig() {
        @Override
        public Duration firstBackoff() {
            return Duration.ofMillis(10);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofMillis(50);
        }

        @Override
        public int maxFailuresInARow() {
            return 1000;
        }

        @Override
        public Duration healthyAfter() {
            return Duration.ofMinutes(1);
        }
    }, new SimpleMeterRegistry());
    private final ConsumerLoops loops = new ConsumerLoops(clients, supervisor,
            ConfigDefaults.of(QueuemgrConfig.class));
    private final String topic = "loop-test-" + UUID.randomUUID();
    private final String group = "loop-test-group-" + UUID.randomUUID();
    private final List<ConsumerLoop> started = new ArrayList<>();

    @BeforeAll
    static void connect() {
        clients = new KafkaClients(Map.of("bootstrap.servers", LocalStack.get().kafkaBootstrap()));
        admin = clients.admin();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @AfterEach
    void stopLoops() {
        started.forEach(ConsumerLoop::stop);
    }

    private void createTopic() throws Exception {
        createTopic(1);
    }

    private void createTopic(int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    private void produce(String... values) throws Exception {
        for (String value : values) {
            produceTo(0, value);
        }
    }

    private void produceTo(int partition, String value) throws Exception {
        clients.producer().send(new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8)))
                .get(30, TimeUnit.SECONDS);
    }

    private ConsumerLoop started(ConsumerLoop loop) {
        started.add(loop);
        loop.start();
        return loop;
    }

    private Long committed() throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
        return offset == null ? null : offset.offset();
    }

    private boolean soleMemberHolds(int partitions) throws Exception {
        var members = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(30, TimeUnit.SECONDS).members();
        return members.size() == 1
                && members.iterator().next().assignment().topicPartitions().size() == partitions;
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aGroupLoopCommitsOnlyBelowTheOldestRecordNotDoneAndTheNextLoopReadsFromThere() throws Exception {
        createTopic();
        produce("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
        InFlightOffsets offsets = new InFlightOffsets();
        List<Long> seen = new CopyOnWriteArrayList<>();
        ConsumerLoop first = started(loops.loop("first", RecordSource.group(group, "first", topic))
                .commitEvery(Duration.ofMillis(50), offsets).handledBy((records, session) -> {
                    for (ConsumerRecord<String, byte[]> r : records) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        offsets.track(tp, r.offset());
                        seen.add(r.offset());
                        // Records 0-2 and 5 are done; 3, 4, 6 and 7 are still under way when the loop stops.
                        if (r.offset() < 3 || r.offset() == 5) {
                            offsets.done(tp, r.offset());
                        }
                    }
                }));
        await().atMost(WITHIN).until(() -> seen.size() == 8);
        first.stop();
        assertThat(committed()).isEqualTo(3L);

        List<String> again = new CopyOnWriteArrayList<>();
        started(loops.loop("second", RecordSource.group(group, "second", topic))
                .handledBy((records, session) -> records.forEach(r -> again.add(text(r)))));
        await().atMost(WITHIN).until(() -> again.size() == 5);
        assertThat(again).containsExactly("r3", "r4", "r5", "r6", "r7");
    }

    @Test
    void aReaderFromTheEndThatFailsBeforeReadingAnythingSkipsNothingThatCameMeanwhile() throws Exception {
        createTopic();
        produce("before the start");
        List<String> seen = new CopyOnWriteArrayList<>();
        supervisor.injectFault("reader", new IllegalStateException("fault injected into reader"));
        ConsumerLoop reader = started(loops.loop("reader",
                RecordSource.everyPartition("reader", RecordSource.Start.END, topic))
                .handledBy((records, session) -> records.forEach(r -> seen.add(text(r)))));
        // The first session found the end and failed at its first round.
        await().atMost(WITHIN).until(() -> supervisor.notRunning().contains("reader restarting"));
        produce("m0", "m1");
        supervisor.clearFault("reader");
        await().atMost(WITHIN).until(() -> seen.size() == 2);
        produce("m2");
        await().atMost(WITHIN).until(() -> seen.size() == 3);

        // Failed sessions that had polled records read them again, once.
        supervisor.injectFault("reader", new IllegalStateException("fault injected into reader"));
        await().atMost(WITHIN).until(() -> supervisor.notRunning().contains("reader restarting"));
        produce("f0", "f1");
        supervisor.clearFault("reader");
        await().atMost(WITHIN).until(() -> seen.size() == 5);
        reader.stop();
        assertThat(seen).containsExactly("m0", "m1", "m2", "f0", "f1");
    }

    @Test
    void aProjectionCommitsAPollOnlyOnceItsWriteSucceeded() throws Exception {
        createTopic();
        produce("p0", "p1", "p2");
        AtomicInteger failures = new AtomicInteger();
        List<String> written = new CopyOnWriteArrayList<>();
        started(loops.projection("projection", RecordSource.group(group, "projection", topic), records -> {
            List<String> values = new ArrayList<>();
            records.forEach(r -> values.add(text(r)));
            return new Projection.Write(values.size() + " values", () -> {
                if (failures.get() < 2) {
                    failures.incrementAndGet();
                    return Uni.createFrom().failure(new IllegalStateException("store away"));
                }
                written.addAll(values);
                return Uni.createFrom().voidItem();
            });
        }));
        await().atMost(WITHIN).until(() -> failures.get() == 1);
        assertThat(committed()).isNull();

        await().atMost(WITHIN).until(() -> written.size() == 3);
        assertThat(written).containsExactly("p0", "p1", "p2");
        await().atMost(WITHIN).until(() -> Long.valueOf(3).equals(committed()));
    }

    /**
     * While a projection waits for its store, a rebalance hands it a partition, whose records come with the poll that
     * keeps the membership: they are read again later, not skipped (and then committed unwritten).
     */
    @Test
    void recordsARebalanceBringsWhileAProjectionWaitsForItsStoreAreWrittenLater() throws Exception {
        createTopic(2);
        produceTo(0, "a0");
        produceTo(1, "a1");
        AtomicBoolean storeAway = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        List<String> written = new CopyOnWriteArrayList<>();
        started(loops.projection("projection", RecordSource.group(group, "projection", topic), records -> {
            List<String> values = new ArrayList<>();
            records.forEach(r -> values.add(text(r)));
            return new Projection.Write(values.size() + " values", () -> {
                if (storeAway.get()) {
                    failures.incrementAndGet();
                    return Uni.createFrom().failure(new IllegalStateException("store away"));
                }
                written.addAll(values);
                return Uni.createFrom().voidItem();
            });
        }));
        await().atMost(WITHIN).until(() -> failures.get() >= 1);
        produceTo(0, "late0");
        produceTo(1, "late1");

        // Another member takes one partition for a while and leaves without committing: it comes back.
        List<String> borrowed = new CopyOnWriteArrayList<>();
        ConsumerLoop other = started(loops.loop("other", RecordSource.group(group, "other", topic))
                .handledBy((records, session) -> records.forEach(r -> borrowed.add(text(r)))));
        await().atMost(Duration.ofSeconds(60)).until(() -> borrowed.size() == 2);
        other.stop();
        await().atMost(Duration.ofSeconds(60)).until(() -> soleMemberHolds(2));

        storeAway.set(false);
        await().atMost(Duration.ofSeconds(90)).until(() -> written.containsAll(List.of("a0", "a1", "late0",
                "late1")));
    }
}
