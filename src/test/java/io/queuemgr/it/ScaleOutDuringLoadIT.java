package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.queuemgr.testing.ServiceProcess;
import io.queuemgr.testing.WorkPartitions;

/**
 * Instances join and leave while tasks run. A queue that moves to a joining instance keeps its running tasks where
 * they run: the joining instance holds their work, with the queue's slots, until they end, and starts none of them a
 * second time. When the instance that runs them stops, they run again on the other (once the stopped one has said
 * nothing of them for the hand-over lease, or for half of it and has left the dispatch group), each once, and every
 * task ends COMPLETED.
 */
class ScaleOutDuringLoadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = WorkPartitions.PARTITIONS;
    private static final int SLOTS = 2;
    private static final int PER_QUEUE = 3;
    private static final Map<String, String> CONFIG = Map.of("queuemgr.dispatch.handover-lease", "PT5S",
            "queuemgr.dispatch.shutdown-grace", "PT1S");

    @Test
    void aJoiningInstanceLeavesRunningTasksToTheOtherAndRunsThemAgainOnlyOnceThatOneHasStopped() throws Exception {
        Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
        AtomicInteger received = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        ExecutorService handlers = Executors.newFixedThreadPool(96);
        receiver.setExecutor(handlers);
        receiver.createContext("/", exchange -> {
            int n = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("n").asInt();
            calls.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
            received.incrementAndGet();
            try {
                // Each call lasts until the test lets them all go, so that the tasks run while instances come and go.
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String prefix = "scale-" + UUID.randomUUID().toString().substring(0, 8);
        int running = PARTITIONS * SLOTS;
        int tasks = PARTITIONS * PER_QUEUE;
        try (ServiceProcess a = ServiceProcess.start("scale-a", prefix, CONFIG)) {
            // One queue on each work partition, so that the joining instance is given some of them.
            List<String> queues = WorkPartitions.queueOnEach(prefix);
            for (String name : queues) {
                assertThat(a.post("/api/queues", "{\"name\":\"" + name + "\",\"maxConcurrent\":" + SLOTS + "}")
                        .statusCode()).isEqualTo(201);
            }
            for (int n = 0; n < tasks; n++) {
                String body = aTask().ofType("webhook").withParam("url", url).withParam("body", Map.of("n", n))
                        .with("timeoutSeconds", 300).json();
                assertThat(a.post("/api/queues/" + queues.get(n % PARTITIONS) + "/tasks", body).statusCode())
                        .isEqualTo(202);
            }
            // Two tasks of each queue run on a; the third waits for a slot.
            await().atMost(Duration.ofSeconds(60)).until(() -> received.get() == running);
            Set<Integer> firstRunning = Set.copyOf(calls.keySet());

            try (ServiceProcess b = ServiceProcess.start("scale-b", prefix, CONFIG)) {
                // b is given half of the queues, and holds the work of their running tasks for a; without that, it
                // would start them again (each receiver call would come twice).
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> {
                            int moved = partitionsOf(a, "scale-b");
                            return received.get() > running
                                    || moved > 0 && b.metric("queuemgr_dispatch_foreign_runs") == SLOTS * moved;
                        });
                assertThat(received.get()).as("calls while b joined: none started twice, no third task started")
                        .isEqualTo(running);
                // a says it still runs them, so b leaves them to a for two of its leases and more.
                await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).ignoreExceptions()
                        .until(() -> received.get() == running && b.metric("queuemgr_dispatch_foreign_runs") > 0);
                assertThat(partitionsOf(a, "scale-a")).as("a kept some queues").isPositive();

                // a stops while its calls still hang: it leaves its runs, and says nothing of them any more. Once the
                // lease has passed, b runs every one of them again, and only those.
                a.stop();
                await().atMost(Duration.ofSeconds(60)).until(() -> received.get() >= 2 * running);
                // and no more: a third call would come within a lease
                await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                        .until(() -> received.get() == 2 * running);
                Map<Integer, Integer> twice = new TreeMap<>();
                calls.forEach((n, c) -> {
                    if (c.get() > 1) {
                        twice.put(n, c.get());
                    }
                });
                assertThat(twice.keySet()).as("tasks started again after a stopped").isEqualTo(firstRunning);
                assertThat(twice.values()).as("each started twice, no more").containsOnly(2);

                release.countDown();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> b.completedIn(queues) == tasks);
                assertThat(calls).hasSize(tasks);
                assertThat(b.metric("queuemgr_dispatch_foreign_runs")).isZero();
            }
        } finally {
            release.countDown();
            receiver.stop(0);
            handlers.shutdownNow();
        }
    }

    private static int partitionsOf(ServiceProcess via, String instance) throws IOException {
        for (JsonNode m : JSON.readTree(via.get("/api/instances").body())) {
            if (m.path("id").asText().equals(instance)) {
                return m.path("partitions").size();
            }
        }
        return 0;
    }
}
