package io.queuemgr.executor.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.task.TaskError;

/** What a monitor has seen so far: tests, successes, their latencies and the last failure. */
final class MonitorStats {

    private final List<Double> latencies = new ArrayList<>();
    private int attempts;
    private TaskError lastError;
    private Instant lastErrorAt;

    synchronized void succeeded(double latencyMs) {
        attempts++;
        latencies.add(latencyMs);
    }

    synchronized void failed(TaskError error) {
        attempts++;
        lastError = error;
        lastErrorAt = Instant.now();
    }

    synchronized int attempts() {
        return attempts;
    }

    synchronized TaskError lastError() {
        return lastError;
    }

    /** The share of tests that passed, in percent to a hundredth; 0 before any test. */
    synchronized double availabilityPercent() {
        return attempts == 0 ? 0 : Math.round(latencies.size() * 10_000.0 / attempts) / 100.0;
    }

    synchronized ObjectNode json() {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("attempts", attempts)
                .put("successes", latencies.size()).put("failures", attempts - latencies.size())
                .put("availabilityPercent", availabilityPercent());
        if (!latencies.isEmpty()) {
            List<Double> sorted = latencies.stream().sorted().toList();
            result.putObject("latencyMs").put("p50", percentile(sorted, 50)).put("p95", percentile(sorted, 95))
                    .put("p99", percentile(sorted, 99)).put("max", sorted.get(sorted.size() - 1));
        }
        if (lastError != null) {
            result.putObject("lastError").put("code", lastError.code()).put("message", lastError.message())
                    .put("at", lastErrorAt.toString());
        }
        return result;
    }

    /** The nearest-rank percentile: a latency that was actually measured. */
    static double percentile(List<Double> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
