package io.queuemgr.it;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.testing.ServiceProcess;

/**
 * Pull workers may talk to any instance: the queue's priority order and maxConcurrent hold across them, and a leased
 * task survives the death of the instance that dispatched it.
 */
class PullWorkersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] PRIORITIES = {3, 8, 1, 6, 4, 9};

    @Test
    void workersOnDifferentInstancesShareAQueueInPriorityOrderWithinItsMaxConcurrent() throws Exception {
        String prefix = "pull-" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "pull-" + UUID.randomUUID().toString().substring(0, 8);
        try (ServiceProcess a = ServiceProcess.start("pull-a", prefix, Map.of());
                ServiceProcess b = ServiceProcess.start("pull-b", prefix, Map.of())) {
            // Paused while the tasks arrive, so that dispatch starts with all of them waiting.
            assertThat(a.post("/api/queues", "{\"name\":\"" + queue + "\",\"maxConcurrent\":2,\"paused\":true}")
                    .statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(1)).until(() -> b.get("/api/queues/" + queue).statusCode() == 200);
            Set<String> submitted = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                // Priorities 3, 8, 1, 6, 4, 9 through both instances.
                ServiceProcess via = i % 2 == 0 ? a : b;
                submitted.add(InstanceRestartIT.id(via.post("/api/queues/" + queue + "/tasks",
                        aTask().ofType("external").withPriority(PRIORITIES[i]).withParam("n", i).json()).body()));
            }
            // Every one of them fetched by the dispatcher before the resume: a 202 says the task is on Kafka, not
            // that the instance dispatching its queue has read it yet.
            await().atMost(Duration.ofSeconds(30)).until(() -> a.metric("queuemgr_dispatch_buffered")
                    + b.metric("queuemgr_dispatch_buffered") == submitted.size());
            assertThat(b.post("/api/queues/" + queue + "/resume", "").statusCode()).isEqualTo(200);
            Set<String> completed = new HashSet<>();
            List<Set<Integer>> pairs = new ArrayList<>();
            while (completed.size() < submitted.size()) {
                JsonNode first = lease(a, queue, "worker-a");
                JsonNode second = lease(b, queue, "worker-b");
                assertThat(first.path("task").path("id").asText()).isNotEqualTo(second.path("task").path("id")
                        .asText());
                pairs.add(Set.of(first.path("task").path("priority").asInt(),
                        second.path("task").path("priority").asInt()));
                // Two are out; the queue allows two, so a third worker, on either instance, gets nothing.
                assertThat(next(a, queue, "worker-c").statusCode()).isEqualTo(204);
                assertThat(next(b, queue, "worker-c").statusCode()).isEqualTo(204);
                // Each reports to the other instance than it leased from.
                for (var done : List.of(Map.entry(b, first), Map.entry(a, second))) {
                    String id = done.getValue().path("task").path("id").asText();
                    String worker = done.getValue().path("workerId").asText();
                    assertThat(done.getKey().post("/api/queues/tasks/" + id + "/complete",
                            "{\"workerId\":\"" + worker + "\",\"result\":" + done.getValue().path("task")
                                    .path("params").path("n").asInt() + "}")
                            .statusCode()).isEqualTo(202);
                    assertThat(completed.add(id)).as("task %s leased once", id).isTrue();
                }
            }
            assertThat(completed).isEqualTo(submitted);
            // The queue offers its two highest priorities at a time, whichever instance the workers ask.
            assertThat(pairs).containsExactly(Set.of(9, 8), Set.of(6, 4), Set.of(3, 1));
            for (String id : submitted) {
                await().atMost(Duration.ofSeconds(10)).until(() -> status(b, id), "COMPLETED"::equals);
                assertThat(JSON.readTree(b.get("/api/tasks/" + id).body()).path("attempt").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void aWorkerKeepsItsLeaseWhenTheInstanceThatDispatchedTheTaskDies() throws Exception {
        String prefix = "pullkill-" + UUID.randomUUID().toString().substring(0, 8);
        String queue = "pullkill-" + UUID.randomUUID().toString().substring(0, 8);
        try (ServiceProcess a = ServiceProcess.start("pullkill-a", prefix, Map.of())) {
            assertThat(a.post("/api/queues", "{\"name\":\"" + queue + "\"}").statusCode()).isEqualTo(201);
            String id = InstanceRestartIT.id(a.post("/api/queues/" + queue + "/tasks",
                    aTask().ofType("external").json()).body());
            // The only instance dispatched it.
            JsonNode lease = lease(a, queue, "steady-worker");
            assertThat(lease.path("task").path("id").asText()).isEqualTo(id);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(a, id), "RUNNING"::equals);

            try (ServiceProcess b = ServiceProcess.start("pullkill-b", prefix, Map.of())) {
                a.kill();
                // The worker keeps renewing through the survivor while the queue moves over to it.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    assertThat(b.post("/api/queues/tasks/" + id + "/heartbeat",
                            "{\"workerId\":\"steady-worker\",\"leaseSeconds\":60}").statusCode()).isEqualTo(200);
                    JsonNode t = JSON.readTree(b.get("/api/tasks/" + id).body());
                    return t.path("attempt").asInt() == 2 && "RUNNING".equals(t.path("status").asText());
                });
                assertThat(b.post("/api/queues/tasks/" + id + "/complete",
                        "{\"workerId\":\"steady-worker\",\"result\":\"done\"}").statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(10)).until(() -> status(b, id), "COMPLETED"::equals);
                JsonNode done = JSON.readTree(b.get("/api/tasks/" + id).body());
                assertThat(done.path("workerId").asText()).isEqualTo("steady-worker");
                assertThat(done.path("result").asText()).isEqualTo("done");
            }
        }
    }

    private static HttpResponse<String> next(ServiceProcess via, String queue, String worker) {
        return via.post("/api/queues/" + queue + "/tasks/next", "{\"workerId\":\"" + worker + "\"}");
    }

    private static JsonNode lease(ServiceProcess via, String queue, String worker) throws Exception {
        List<HttpResponse<String>> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            HttpResponse<String> r = next(via, queue, worker);
            assertThat(r.statusCode()).isIn(200, 204);
            if (r.statusCode() == 200) {
                got.add(r);
                return true;
            }
            return false;
        });
        return JSON.readTree(got.get(0).body());
    }

    private static String status(ServiceProcess via, String id) throws Exception {
        return JSON.readTree(via.get("/api/tasks/" + id).body()).path("status").asText();
    }
}
