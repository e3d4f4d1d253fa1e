package io.queuemgr.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStackResource;

/**
 * Clients that repeat a submission under one Idempotency-Key, or with one task id, at the same moment get one task
 * between them, however their calls interleave with the first one's acknowledgement: one answer is 202 and every other
 * is 200 with its id. The calls of each round are released together, and the next round's only after them, so that
 * many rounds meet the moment the first submission's task enters the registry.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ConcurrentIdempotencyKeyTest {

    private static final int ROUNDS = 400;
    private static final int CALLS = 4;

    @TestHTTPResource("/api/tasks")
    URI tasks;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void callsRacingUnderOneKeyMakeOneTask() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        race(k -> {
            String key = "race-" + run + "-" + k;
            return HttpRequest.newBuilder(tasks).header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"noop\",\"params\":{\"echo\":\"" + key
                            + "\"}}"));
        });
        // And the registry holds one task per key.
        Map<String, Integer> held = new HashMap<>();
        for (int k = 0; k < ROUNDS; k += 50) {
            String key = "race-" + run + "-" + k;
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(tasks + "?idempotencyKey=" + key))
                    .header("Authorization", AdminToken.bearer()).GET().build(), HttpResponse.BodyHandlers.ofString());
            held.put(key, mapper.readTree(list.body()).path("items").size());
        }
        assertThat(held.values()).as("tasks listed under a key").containsOnly(1);
    }

    /** The same for a submission that names its task's id: one call creates it, the others are told it exists. */
    @Test
    void callsRacingWithOneIdMakeOneTask() throws Exception {
        race(k -> HttpRequest.newBuilder(tasks).POST(HttpRequest.BodyPublishers.ofString(
                "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"noop\",\"params\":{\"echo\":\"" + k + "\"}}")));
    }

    /**
     * Sends the request of each round {@link #CALLS} times at once and checks that every round made one task: one
     * answer 202, the others 200, all with its id.
     */
    private void race(IntFunction<HttpRequest.Builder> round) throws Exception {
        Map<Integer, List<String>> wrong = new TreeMap<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CALLS)) {
            for (int k = 0; k < ROUNDS; k++) {
                // A call left waiting on another's outcome would hang: it is answered within the timeout or counts
                // as wrong.
                HttpRequest request = round.apply(k).header("Authorization", AdminToken.bearer())
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).build();
                CyclicBarrier together = new CyclicBarrier(CALLS);
                List<Future<String>> answers = new ArrayList<>();
                for (int c = 0; c < CALLS; c++) {
                    answers.add(clients.submit(() -> {
                        together.await();
                        HttpResponse<String> response;
                        try {
                            response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        } catch (HttpTimeoutException e) {
                            return "no answer within 30 s";
                        }
                        String id = response.statusCode() == 202 || response.statusCode() == 200
                                ? mapper.readTree(response.body()).path("id").asText()
                                : "-";
                        return response.statusCode() + " " + id;
                    }));
                }
                List<String> got = new ArrayList<>();
                for (Future<String> answer : answers) {
                    got.add(answer.get());
                }
                Set<String> ids = got.stream().map(a -> a.substring(4)).collect(Collectors.toSet());
                long created = got.stream().filter(a -> a.startsWith("202 ")).count();
                if (ids.size() != 1 || ids.contains("-") || created != 1) {
                    wrong.put(k, got);
                }
            }
        }
        assertThat(wrong).as("rounds whose racing calls did not get one task, created once (status and id of "
                + "each answer)").isEmpty();
    }
}
