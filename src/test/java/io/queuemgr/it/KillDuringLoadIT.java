package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.queuemgr.testing.ServiceProcess;

/**
 * SIGKILL one of two instances while they run 5,000 webhook tasks: every task still ends COMPLETED, none is lost,
 * and a task runs twice only if it was in flight when the instance died. The receiving HTTP server counts the calls
 * per task, so a second run is seen where it matters, at the remote side.
 */
class KillDuringLoadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TASKS = 5_000;
    /** The work topic's partitions (the service's default). */
    private static final int PARTITIONS = 12;
    /**
     * A run whose call ended this long before the kill had its outcome on Kafka well before it; a call that reaches
     * the receiver this long after the killed process was gone was not sent by it.
     */
    private static final long IN_FLIGHT_SLACK_MS = 1_000;

    /** What the remote side saw of one task's calls. */
    private static final class Calls {
        final AtomicInteger count = new AtomicInteger();
        volatile long firstStartMs;
        volatile long firstEndMs;
    }

    @Test
    void everyTaskEndsAndOnlyTasksInFlightAtTheKillRunTwice() throws Exception {
        Map<Integer, Calls> calls = new ConcurrentHashMap<>();
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        ExecutorService handlers = Executors.newFixedThreadPool(128);
        receiver.setExecutor(handlers);
        receiver.createContext("/", exchange -> {
            long start = System.currentTimeMillis();
            int n = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("n").asInt();
            Calls c = calls.computeIfAbsent(n, k -> new Calls());
            boolean first = c.count.incrementAndGet() == 1;
            if (first) {
                c.firstStartMs = start;
            }
            received.incrementAndGet();
            try {
                // The remote side takes a moment, so that many tasks are in flight at any time.
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
            if (first) {
                c.firstEndMs = System.currentTimeMillis();
            }
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String prefix = "kill-" + UUID.randomUUID().toString().substring(0, 8);
        try (ServiceProcess a = ServiceProcess.start("kill-a", prefix, Map.of());
                ServiceProcess b = ServiceProcess.start("kill-b", prefix, Map.of())) {
            // One queue on each of the 12 work partitions, so that both instances dispatch some of them.
            Map<Integer, String> byPartition = new java.util.TreeMap<>();
            for (int q = 0; byPartition.size() < PARTITIONS; q++) {
                String name = prefix + "-q" + q;
                byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8)))
                        % PARTITIONS, name);
            }
            List<String> queues = new ArrayList<>(byPartition.values());
            for (String name : queues) {
                // Paused while the tasks are submitted, so that the run starts with all of them waiting.
                assertThat(a.post("/api/queues", "{\"name\":\"" + name + "\",\"maxConcurrent\":5,\"paused\":true}")
                        .statusCode()).isEqualTo(201);
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> queues.stream()
                    .allMatch(q -> b.get("/api/queues/" + q).statusCode() == 200));

            ExecutorService submitters = Executors.newFixedThreadPool(4);
            List<Future<?>> submitted = new ArrayList<>();
            for (int n = 0; n < TASKS; n++) {
                int i = n;
                ServiceProcess via = i % 2 == 0 ? a : b;
                String body = aTask().ofType("webhook").withParam("url", url)
                        .withParam("body", Map.of("n", i)).with("maxRetries", 3).json();
                submitted.add(submitters.submit(() -> assertThat(via.post("/api/queues/" + queues.get(i % PARTITIONS)
                        + "/tasks", body).statusCode()).isEqualTo(202)));
            }
            // a took half of the submissions; what it accepted (202) is on Kafka, so it dies only after them.
            for (Future<?> f : submitted) {
                f.get();
            }
            submitters.shutdown();
            for (String name : queues) {
                assertThat(b.post("/api/queues/" + name + "/resume", "").statusCode()).isEqualTo(200);
            }
            // Kill mid-run: the queues together run at most 60 calls of 50 ms at once (1,200/s), so half-way
            // through, the other half is still to come.
            await().atMost(Duration.ofSeconds(120)).until(() -> received.get() >= TASKS / 2);
            // In flight at the kill: the call reached the receiver by a moment after the process was gone (a request
            // sent just before the end may be handled a little later), and did not end well before the signal.
            long killedAt = System.currentTimeMillis();
            a.kill();
            long goneAt = System.currentTimeMillis();

            // Every task ends on the survivor, whichever instance accepted or ran it.
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> b.completedIn(queues) == TASKS);
            assertThat(calls).hasSize(TASKS);

            Set<Integer> ranTwice = new HashSet<>();
            Set<Integer> inFlightAtKill = new HashSet<>();
            calls.forEach((n, c) -> {
                if (c.count.get() > 1) {
                    ranTwice.add(n);
                }
                if (c.firstStartMs <= goneAt + IN_FLIGHT_SLACK_MS
                        && (c.firstEndMs == 0 || c.firstEndMs > killedAt - IN_FLIGHT_SLACK_MS)) {
                    inFlightAtKill.add(n);
                }
            });
            Map<String, Integer> byWorker = new java.util.TreeMap<>();
            for (String q : queues) {
                for (JsonNode t : JSON.readTree(b.get("/api/tasks?limit=1000&queue=" + q).body()).path("items")) {
                    byWorker.merge(t.path("workerId").asText(), 1, Integer::sum);
                }
            }
            System.out.printf("KillDuringLoadIT: %d tasks, %d in flight at the kill, %d ran twice; finished by %s%n",
                    TASKS, inFlightAtKill.size(), ranTwice.size(), byWorker);
            assertThat(byWorker.getOrDefault("kill-a", 0)).as("the killed instance ran tasks").isPositive();
            assertThat(inFlightAtKill).as("the kill came while tasks ran").isNotEmpty();
            assertThat(b.get("/q/health").statusCode()).as("the survivor is healthy").isEqualTo(200);
            assertThat(ranTwice).as("tasks that ran twice were all in flight at the kill")
                    .isSubsetOf(inFlightAtKill);
        } finally {
            receiver.stop(0);
            handlers.shutdownNow();
        }
    }
}
