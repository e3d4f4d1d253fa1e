package io.queuemgr.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.queuemgr.testing.LocalStack;

/**
 * A caller's records (a REST submission's) are sent without blocking the calling thread, which may be an event loop,
 * against the real broker and against a broker that is gone.
 */
class CallerSendsTest {

    private static KafkaClients clients;
    private static Admin admin;

    @BeforeAll
    static void connect() {
        clients = new KafkaClients(Map.of("bootstrap.servers", LocalStack.get().kafkaBootstrap()));
        admin = clients.admin();
    }

    @AfterAll
    static void close() {
        admin.close();
        clients.close();
    }

    @Test
    void recordsOnTopicsTheProducerHasNotSeenYetReachKafkaOnceEach() throws Exception {
        String first = newTopic();
        String second = newTopic();

        clients.sendWaitedOn(List.of(record(first, 0), record(second, 0)), Duration.ofSeconds(10))
                .get(30, TimeUnit.SECONDS);

        // The producer knew neither topic, so its first tries could not be made at once: each record is there once.
        assertThat(endOffset(first)).isEqualTo(1);
        assertThat(endOffset(second)).isEqualTo(1);
    }

    @Test
    void aRecordAfterOneTheProducerCannotTakeIsNotSentAndTheCallerIsToldNothingWas() throws Exception {
        String first = newTopic();
        String second = newTopic();

        // Partition 3 of a one-partition topic never appears in the producer's metadata: it can never take it.
        CompletableFuture<Void> sent = clients.sendWaitedOn(List.of(record(first, 3), record(second, 0)),
                Duration.ofMillis(500));

        assertThat(sent).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(BrokerUnavailableException.class)
                .withMessageContaining("within 500 ms, so none was sent");
        assertThat(endOffset(first)).isZero();
        assertThat(endOffset(second)).as("the record after the one not taken").isZero();
    }

    @Test
    void aRecordAfterOneTheProducerTookIsNotToldAsNothingSentWhenItCannotBeTaken() throws Exception {
        String first = newTopic();
        String second = newTopic();
        // The producer keeps an appended record this long; once one record was taken, the rest are tried as long.
        KafkaClients quick = new KafkaClients(Map.of("bootstrap.servers", LocalStack.get().kafkaBootstrap(),
                "request.timeout.ms", 1000, "delivery.timeout.ms", 4000));
        try {
            CompletableFuture<Void> sent = quick.sendWaitedOn(List.of(record(first, 0), record(second, 3)),
                    Duration.ofSeconds(10));

            assertThat(sent).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(TimeoutException.class)
                    .withMessageContaining("may have been written");
            assertThat(endOffset(first)).as("the record the producer took").isEqualTo(1);
        } finally {
            quick.close();
        }
    }

    @Test
    void withTheBrokerGoneTheCallReturnsBeforeItsAnswerAndTheAnswerSaysNothingWasSent() throws IOException {
        int nothingThere;
        try (ServerSocket socket = new ServerSocket(0)) {
            nothingThere = socket.getLocalPort();
        }
        KafkaClients away = new KafkaClients(Map.of("bootstrap.servers", "127.0.0.1:" + nothingThere));
        try {
            CompletableFuture<Void> sent = away.sendWaitedOn(List.of(record("nowhere", 0)), Duration.ofSeconds(2));

            // A send that waited for the metadata would return only once its answer was known (a minute later).
            assertThat(sent).as("answered while the call was still running").isNotDone();
            assertThat(sent).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(BrokerUnavailableException.class)
                    .withMessageContaining("none was sent");
        } finally {
            away.close();
        }
    }

    private static ProducerRecord<String, byte[]> record(String topic, int partition) {
        return new ProducerRecord<>(topic, partition, "k", "v".getBytes(StandardCharsets.UTF_8));
    }

    private static String newTopic() throws Exception {
        String topic = "caller-sends-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        return topic;
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(30, TimeUnit.SECONDS)
                .offset();
    }
}
