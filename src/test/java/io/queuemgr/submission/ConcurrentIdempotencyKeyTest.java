package io.queuemgr.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStackResource;

/**
 * Clients that retry a submission under one Idempotency-Key at the same moment get one task between them, however
 * their calls interleave with the first one's acknowledgement: one answer is 202 and every other is 200 with its id.
 * The calls of each key are released together, and the next key's only after them, so that many keys meet the moment
 * the first submission's task enters the registry.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ConcurrentIdempotencyKeyTest {

    private static final int KEYS = 400;
    private static final int CALLS_PER_KEY = 4;

    @TestHTTPResource("/api/tasks")
    URI tasks;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void callsRacingUnderOneKeyMakeOneTask() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<String>> wrong = new TreeMap<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CALLS_PER_KEY)) {
            for (int k = 0; k < KEYS; k++) {
                String key = "race-" + run + "-" + k;
                String body = "{\"type\":\"noop\",\"params\":{\"echo\":\"" + key + "\"}}";
                CyclicBarrier together = new CyclicBarrier(CALLS_PER_KEY);
                List<Future<String>> answers = new ArrayList<>();
                for (int c = 0; c < CALLS_PER_KEY; c++) {
                    answers.add(clients.submit(() -> {
                        HttpRequest request = HttpRequest.newBuilder(tasks)
                                .header("Authorization", AdminToken.bearer())
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        together.await();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
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
                    wrong.put(key, got);
                }
            }
        }
        assertThat(wrong).as("keys whose racing calls did not get one task, created once (status and id of "
                + "each answer)").isEmpty();
        // And the registry holds one task per key.
        Map<String, Integer> held = new HashMap<>();
        for (int k = 0; k < KEYS; k += 50) {
            String key = "race-" + run + "-" + k;
            HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(tasks + "?idempotencyKey=" + key))
                    .header("Authorization", AdminToken.bearer()).GET().build(), HttpResponse.BodyHandlers.ofString());
            held.put(key, mapper.readTree(list.body()).path("items").size());
        }
        assertThat(held.values()).as("tasks listed under a key").containsOnly(1);
    }
}
