package io.queuemgr.submission;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.config.InstanceIdentity;
import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.messaging.ConsumerLoops;
import io.queuemgr.messaging.KafkaClients;
import io.queuemgr.messaging.Topics;
import io.queuemgr.registry.TaskMeters;
import io.queuemgr.security.IntakeConfig;
import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.LocalStackResource;

/**
 * A poll whose submissions fail for a reason that may pass is read again; what that poll had already made is not
 * made again. Here the instance holds the queue, whose registry would absorb a second make under the same id; an
 * instance that does not hold the queue would count and audit it again. So what is checked first is how often the
 * intake asked for each record to be made, then that each is one task, run once, audited once.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class IntakeRewindTest {

    @Inject
    ConsumerLoops loops;
    @Inject
    QueuemgrConfig config;
    @Inject
    KafkaClients clients;
    @Inject
    KafkaRecordSubmissions real;
    @Inject
    SubmissionRejections rejections;
    @Inject
    TaskMeters meters;
    @Inject
    IntakeConfig intake;

    /** The service's own way of making a record a task, failing once for the record that says so. */
    private final class FailingOnce extends KafkaRecordSubmissions {

        final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
        final Map<String, UUID> ids = new ConcurrentHashMap<>();
        final AtomicBoolean failed = new AtomicBoolean();

        FailingOnce() {
            super(null, null, null, null, null, intake);
        }

        @Override
        public CompletableFuture<KafkaOutcome> made(byte[] value, String recordKey, UUID derivedId,
                boolean mayHandOn) {
            String echo = new String(value, StandardCharsets.UTF_8).replaceAll(".*\"echo\":\"([^\"]*)\".*", "$1");
            asked.computeIfAbsent(echo, e -> new AtomicInteger()).incrementAndGet();
            ids.put(echo, derivedId);
            if (echo.startsWith("fails-once") && failed.compareAndSet(false, true)) {
                return CompletableFuture.failedFuture(new IllegalStateException("queue default is moving"));
            }
            return real.made(value, recordKey, derivedId, mayHandOn);
        }
    }

    @Test
    void recordsMadeBeforeAFailureInTheirPollAreNotMadeAgainWhenItIsReadAgain() throws Exception {
        String prefix = "rewind-" + UUID.randomUUID().toString().substring(0, 8);
        Topics own = new Topics(config) {
            @Override
            public String submit() {
                return prefix + ".submit";
            }

            @Override
            public String group(String role) {
                return prefix + "." + role;
            }
        };
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(own.submit(), 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> echoes = List.of("before-" + run, "fails-once-" + run, "after-" + run);
        // One batch on one partition: the intake reads the three records in one poll.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.get().kafkaBootstrap(),
                ProducerConfig.LINGER_MS_CONFIG, 1000, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(), ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()))) {
            for (String echo : echoes) {
                producer.send(new ProducerRecord<>(own.submit(), 0, null, aTask().withParam("echo", echo).json()));
            }
            producer.flush();
        }

        FailingOnce submissions = new FailingOnce();
        // A client id of its own: the service's intake keeps its Kafka client's registration.
        InstanceIdentity apart = new InstanceIdentity(config) {
            @Override
            public String id() {
                return prefix;
            }
        };
        KafkaSubmissionIntake reader = new KafkaSubmissionIntake(loops, own, submissions, rejections, meters, apart,
                intake);
        reader.start();
        try {
            for (String echo : echoes) {
                await().atMost(Duration.ofSeconds(30)).until(() -> submissions.ids.containsKey(echo));
                assertThat(awaitFinal(submissions.ids.get(echo).toString()).getString("status"))
                        .isEqualTo("COMPLETED");
            }
        } finally {
            reader.stop();
            try (Admin admin = clients.admin()) {
                // Empty once the stopped reader's consumer has left the group.
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    admin.deleteConsumerGroups(List.of(own.group("intake"))).all().get(20, TimeUnit.SECONDS);
                    return true;
                });
                admin.deleteTopics(List.of(own.submit())).all().get(20, TimeUnit.SECONDS);
            }
        }
        // The failed record was asked twice; the one made before it in the same poll once, though read twice; the
        // one after it was failed without being asked, then made once.
        assertThat(submissions.asked.get(echoes.get(0))).hasValue(1);
        assertThat(submissions.asked.get(echoes.get(1))).hasValue(2);
        assertThat(submissions.asked.get(echoes.get(2))).hasValue(1);
        for (String echo : echoes) {
            String id = submissions.ids.get(echo).toString();
            await().atMost(Duration.ofSeconds(30)).until(() -> auditedSubmissions(id) >= 1);
        }
        for (String echo : echoes) {
            String id = submissions.ids.get(echo).toString();
            assertThat(auditedSubmissions(id)).as(echo).isEqualTo(1);
            assertThat(awaitFinal(id).getInt("attempt")).as(echo).isEqualTo(1);
        }
    }

    private static int auditedSubmissions(String id) {
        return given().queryParam("action", "task.submit").queryParam("target", id).get("/api/audit").then()
                .statusCode(200).extract().jsonPath().getList("items").size();
    }
}
