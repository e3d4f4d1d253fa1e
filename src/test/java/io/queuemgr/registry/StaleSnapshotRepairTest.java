package io.queuemgr.registry;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.messaging.SnapshotSeal;
import io.queuemgr.messaging.Topics;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskStatus;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;

/**
 * A submission's PENDING snapshot and its work record go out together, so the PENDING can land after the task's final
 * snapshot; compaction would then keep the PENDING. The registry reader puts the final snapshot back after it.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class StaleSnapshotRepairTest {

    @Inject
    TaskStatusPublisher publisher;
    @Inject
    Topics topics;

    @Test
    void aFinalSnapshotThatAnOlderOneLandedAfterIsPublishedAgainAfterIt() throws Exception {
        UUID id = UUID.randomUUID();
        Task pending = aTask().withId(id.toString()).ofType("noop").pending();
        // Finished now, so that retention does not let the task go while the test watches it.
        Task completed = pending.start("worker-1", Instant.now()).succeed(null, Instant.now());
        publisher.publishAsync(completed).get();
        publisher.publishAsync(pending).get();

        try (KafkaConsumer<String, byte[]> consumer = statusFromTheStart()) {
            List<ConsumerRecord<String, byte[]>> ofTask = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (id.toString().equals(r.key())) {
                        ofTask.add(r);
                    }
                });
                assertThat(afterThePending(ofTask)).anySatisfy(r -> {
                    assertThat(r.value()).isNotNull();
                    assertThat(SnapshotSeal.read(r.headers()).version()).isEqualTo(completed.version());
                    assertThat(SnapshotSeal.read(r.headers()).status()).isEqualTo(TaskStatus.COMPLETED);
                });
            });
        }
    }

    private static List<ConsumerRecord<String, byte[]>> afterThePending(List<ConsumerRecord<String, byte[]>> records) {
        for (int i = 0; i < records.size(); i++) {
            if (SnapshotSeal.read(records.get(i).headers()).status() == TaskStatus.PENDING) {
                return records.subList(i + 1, records.size());
            }
        }
        return List.of();
    }

    private KafkaConsumer<String, byte[]> statusFromTheStart() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(topics.taskStatus()).stream()
                .map(info -> new TopicPartition(topics.taskStatus(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
