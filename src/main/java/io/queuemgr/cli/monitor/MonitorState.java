package io.queuemgr.cli.monitor;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** What the monitor shows, changed by the event reader and the queue poller and read by the drawing loop. */
public final class MonitorState {

    static final int FAILURES_KEPT = 10;

    /** A queue's line: depth and rates. */
    public record QueueLine(String name, boolean paused, long waiting, long running, int maxConcurrent,
            double finishedPerSecond, Double failureRate) {
    }

    /** A running task's line. */
    public record RunningTask(String id, String queue, String type, String status, int progress, String step,
            String startedAt) {
    }

    /** A recent failure's line. */
    public record Failure(String id, String queue, String type, String status, String code, String message,
            String finishedAt) {
    }

    /** A consistent copy for one frame. */
    public record Snapshot(List<QueueLine> queues, List<RunningTask> running, List<Failure> failures,
            long events, String problem) {
    }

    private List<QueueLine> queues = List.of();
    private final Map<String, RunningTask> running = new LinkedHashMap<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private long events;
    private String problem;
    private boolean changed = true;

    public synchronized void queues(List<QueueLine> lines) {
        queues = List.copyOf(lines);
        changed = true;
    }

    /** A task snapshot, from the event stream or the first listing. */
    public synchronized void task(JsonNode t) {
        String id = t.path("id").asText();
        String status = t.path("status").asText();
        events++;
        changed = true;
        if (isRunning(status)) {
            running.put(id, new RunningTask(id, t.path("queue").asText(), t.path("type").asText(), status,
                    t.path("progress").asInt(), t.path("currentStep").asText(""), t.path("startedAt").asText("")));
            return;
        }
        running.remove(id);
        if (status.equals("FAILED") || status.equals("TIMEOUT")) {
            JsonNode error = t.path("error");
            failures.addFirst(new Failure(id, t.path("queue").asText(), t.path("type").asText(), status,
                    error.path("code").asText("-"), error.path("message").asText(""),
                    t.path("finishedAt").asText(Instant.now().toString())));
            while (failures.size() > FAILURES_KEPT) {
                failures.removeLast();
            }
        }
    }

    public synchronized void problem(String text) {
        problem = text;
        changed = true;
    }

    /** Whether anything changed since the last call. */
    public synchronized boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    public synchronized Snapshot snapshot() {
        List<RunningTask> tasks = new ArrayList<>(running.values());
        tasks.sort(Comparator.comparing(RunningTask::startedAt).thenComparing(RunningTask::id));
        return new Snapshot(queues, tasks, List.copyOf(failures), events, problem);
    }

    static boolean isRunning(String status) {
        return switch (status) {
            case "RUNNING", "VALIDATING", "PREPARING", "UPLOADING", "DOWNLOADING", "BUILDING", "PULLING" -> true;
            default -> false;
        };
    }
}
