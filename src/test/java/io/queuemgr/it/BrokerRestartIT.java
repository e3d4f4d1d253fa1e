package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.LocalStack;
import io.queuemgr.testing.ServiceProcess;
import io.queuemgr.testing.StackOutage;
import io.queuemgr.testing.WebhookReceiver;
import io.queuemgr.testing.WorkPartitions;

/**
 * SIGKILL of the Kafka broker while two instances run 2,000 webhook tasks, and its restart on the same data: every
 * accepted task completes, a submission that got no answer or a 503 during the outage is accepted when tried again
 * with the same id, and a task runs twice only if it was in flight while the broker was away. Meanwhile the instances
 * keep answering and no event loop blocks: readiness says Kafka is down, and a submission is either told after a few
 * seconds that nothing was accepted or, when Kafka had taken its records already, waits for the broker. The broker belongs to a
 * private stack: the shared one serves the other tests.
 */
class BrokerRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TASKS = 2_000;
    /** A call that ended this long before the kill had its outcome on Kafka; one this long after the restart is new. */
    private static final long IN_FLIGHT_SLACK_MS = 1_000;
    /** How the instances answered submissions: the status, and a problem's type. */
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

    @Test
    void everyAcceptedTaskCompletesOnceAfterTheBrokerIsKilledAndRestarted() throws Exception {
        String prefix = "broker-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> queues = WorkPartitions.queueOnEach(prefix);
        try (LocalStack stack = LocalStack.startPrivate();
                WebhookReceiver receiver = WebhookReceiver.start(Duration.ofMillis(50));
                ServiceProcess a = ServiceProcess.start(stack, "broker-a", prefix, Map.of());
                ServiceProcess b = ServiceProcess.start(stack, "broker-b", prefix, Map.of())) {
            StackOutage outage = new StackOutage(stack);
            List<ServiceProcess> instances = List.of(a, b);
            for (String name : queues) {
                assertThat(a.post("/api/queues", "{\"name\":\"" + name + "\",\"maxConcurrent\":5}").statusCode())
                        .isEqualTo(201);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> queues.stream()
                    .allMatch(q -> b.get("/api/queues/" + q).statusCode() == 200));

            ExecutorService submitters = Executors.newFixedThreadPool(8);
            try {
                for (Future<?> f : submit(submitters, instances, queues, receiver, 0, TASKS / 2)) {
                    f.get(2, TimeUnit.MINUTES);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received() >= TASKS / 4);
                long killedAt = System.currentTimeMillis();
                outage.killKafka();
                // The other half arrives while the broker is away: a client that gets no answer tries again.
                List<Future<?>> duringOutage = submit(submitters, instances, queues, receiver, TASKS / 2, TASKS);
                // Both instances say that Kafka is gone before it comes back. Readiness keeps answering meanwhile: a
                // call that gets no answer fails the test (a send blocking an event loop held it once).
                await().atMost(Duration.ofSeconds(60)).until(() -> kafkaDown(a) && kafkaDown(b));
                outage.startKafka();
                long backAt = System.currentTimeMillis();
                for (Future<?> f : duringOutage) {
                    f.get(4, TimeUnit.MINUTES);
                }

                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> b.completedIn(queues) == TASKS);
                assertThat(receiver.tasksCalled()).isEqualTo(TASKS);
                Set<Integer> inFlight = receiver.inFlightDuring(killedAt, backAt, IN_FLIGHT_SLACK_MS);
                Set<Integer> ranTwice = receiver.ranTwice();
                System.out.printf("BrokerRestartIT: %d tasks, broker away for %d ms, %d in flight meanwhile, %d ran "
                        + "twice%n", TASKS, backAt - killedAt, inFlight.size(), ranTwice.size());
                assertThat(ranTwice).as("tasks that ran twice were all in flight while the broker was away")
                        .isSubsetOf(inFlight);
                await("both instances ready again").atMost(Duration.ofSeconds(60))
                        .until(() -> a.isReady() && b.isReady());
                System.out.printf("BrokerRestartIT: answers to submissions %s%n", answers);
                assertThat(answers.keySet()).as("answers to submissions")
                        .isSubsetOf("202", "200", "503 /problems/broker-unavailable", "503 /problems/broker-timeout");
                for (ServiceProcess instance : instances) {
                    assertThat(Files.readString(instance.log())).as("the log of %s", instance.log())
                            .doesNotContain("has been blocked for").doesNotContain("Unexpected error");
                }
            } finally {
                submitters.shutdownNow();
            }
        }
    }

    /**
     * Submits tasks from..to-1, each until an instance accepts it (202, or 200 when an earlier try got through), with
     * the same id every time, alternating between the instances.
     */
    private List<Future<?>> submit(ExecutorService submitters, List<ServiceProcess> instances,
            List<String> queues, WebhookReceiver receiver, int from, int to) {
        List<Future<?>> futures = new ArrayList<>();
        for (int n = from; n < to; n++) {
            int i = n;
            String queue = queues.get(i % queues.size());
            String body = aTask().withId(UUID.randomUUID().toString()).ofType("webhook")
                    .withParam("url", receiver.url()).withParam("body", Map.of("n", i)).with("maxRetries", 3).json();
            AtomicInteger tries = new AtomicInteger(i);
            // The first try at once: Awaitility would otherwise wait one poll interval before it.
            futures.add(submitters.submit(() -> await().atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                        ServiceProcess via = instances.get(tries.getAndIncrement() % instances.size());
                        HttpResponse<String> answer = via.post("/api/queues/" + queue + "/tasks", body);
                        int status = answer.statusCode();
                        String problem = status >= 400 ? " " + JSON.readTree(answer.body()).path("type").asText() : "";
                        answers.computeIfAbsent(status + problem, k -> new AtomicInteger()).incrementAndGet();
                        return status == 202 || status == 200;
                    })));
        }
        return futures;
    }

    /** Whether the instance answers not ready, naming Kafka as down; a call that gets no answer throws. */
    private static boolean kafkaDown(ServiceProcess instance) throws IOException {
        HttpResponse<String> ready = instance.get("/q/health/ready");
        if (ready.statusCode() != 503) {
            return false;
        }
        for (JsonNode check : JSON.readTree(ready.body()).path("checks")) {
            if (check.path("name").asText().equals("kafka")) {
                return check.path("status").asText().equals("DOWN");
            }
        }
        return false;
    }
}
