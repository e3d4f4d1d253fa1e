package io.queuemgr.submission;

import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.AdminToken;
import io.queuemgr.testing.LocalStackResource;

/**
 * Prints submissions per second from one client: N sequential POST /api/tasks against one POST /api/tasks/bulk of
 * N. A measurement, not a check of a figure, kept out of the suite by its name: run it with
 * -Dtest=BulkThroughputBenchmark (it adds 20,000 noop tasks).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class BulkThroughputBenchmark {

    private static final int N = 10_000;

    @TestHTTPResource("/api/tasks")
    URI tasks;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> post(URI uri, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", AdminToken.bearer()).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private double singles(String task, int count) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            assertThat(post(tasks, task).statusCode()).isEqualTo(202);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private double bulk(String task, int count) throws Exception {
        String body = "[" + String.join(",", Collections.nCopies(count, task)) + "]";
        long start = System.nanoTime();
        HttpResponse<String> answer = post(URI.create(tasks + "/bulk"), body);
        double rate = count / ((System.nanoTime() - start) / 1e9);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body().split("\"status\":202,", -1)).hasSize(count + 1);
        return rate;
    }

    @Test
    void printsSingleAndBulkSubmissionRates() throws Exception {
        String task = aTask().withTags("bulk-bench").json();
        singles(task, 500); // warm-up: JIT, connections, producer
        bulk(task, 1000);
        double single = singles(task, N);
        double bulk = bulk(task, N);
        System.out.printf("BULK-BENCH %d single POSTs: %.0f tasks/s; one bulk of %d: %.0f tasks/s (%.1fx)%n", N,
                single, N, bulk, bulk / single);
    }
}
