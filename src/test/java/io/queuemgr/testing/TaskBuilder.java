package io.queuemgr.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.executor.process.ProcessErrors;
import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.Task;
import io.queuemgr.task.TaskIds;
import io.queuemgr.task.TaskStatus;

/**
 * Test data builder for tasks: a submission's body ({@code aTask().ofType("command").withParam("command", "echo")
 * .json()}), or the task itself in any status, brought there by the model's own verbs ({@code aTask().in(FAILED)}).
 */
public final class TaskBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** When a task built as a model object was submitted; each verb that brings it to its status is a second later. */
    private static final Instant SUBMITTED = Instant.parse("2026-01-01T00:00:00Z");

    private final Map<String, Object> body = new LinkedHashMap<>();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private List<String> tags = List.of();
    private String idempotencyKey;

    private TaskBuilder() {
        body.put("type", "noop");
    }

    public static TaskBuilder aTask() {
        return new TaskBuilder();
    }

    /** A command task running {@code /bin/sh -c script}. */
    public static TaskBuilder aShellTask(String script) {
        return aTask().ofType("command").withParam("command", script).withParam("shell", true);
    }

    public TaskBuilder ofType(String type) {
        body.put("type", type);
        return this;
    }

    public TaskBuilder inQueue(String queue) {
        body.put("queue", queue);
        return this;
    }

    public TaskBuilder withParam(String name, Object value) {
        params.put(name, value);
        return this;
    }

    public TaskBuilder withPriority(int priority) {
        body.put("priority", priority);
        return this;
    }

    public TaskBuilder withCategory(String category) {
        body.put("category", category);
        return this;
    }

    public TaskBuilder withTags(String... tags) {
        this.tags = List.of(tags);
        body.put("tags", new ArrayList<>(this.tags));
        return this;
    }

    public TaskBuilder withTimeoutSeconds(int seconds) {
        body.put("timeoutSeconds", seconds);
        return this;
    }

    public TaskBuilder withId(String id) {
        body.put("id", id);
        return this;
    }

    public TaskBuilder with(String field, Object value) {
        body.put(field, value);
        return this;
    }

    /** The idempotency key the submission is made under (a header over REST, so not part of {@link #json()}). */
    public TaskBuilder withIdempotencyKey(String key) {
        idempotencyKey = key;
        return this;
    }

    public String json() {
        Map<String, Object> all = new LinkedHashMap<>(body);
        all.put("params", params);
        try {
            return JSON.writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The task as it was accepted: PENDING, version 1, attempt 0. */
    public Task pending() {
        Object id = body.get("id");
        Object timeout = body.get("timeoutSeconds");
        return Task.pending(id == null ? TaskIds.newId() : UUID.fromString(id.toString()),
                (String) body.getOrDefault("queue", "default"), (String) body.get("type"), JSON.valueToTree(params),
                (String) body.get("category"), tags,
                ((Number) body.getOrDefault("priority", 5)).intValue(),
                ((Number) body.getOrDefault("maxRetries", 3)).intValue(),
                timeout == null ? null : ((Number) timeout).longValue(), idempotencyKey, SUBMITTED);
    }

    /**
     * The task in the status, reached from {@link #pending()} by the verbs that take it there in service: RUNNING, its
     * intermediate steps, COMPLETED, FAILED and TIMEOUT after a worker started it; PAUSED and CANCELLED while it
     * waited. A task paused while it ran is {@link #pausedWhileRunning()}.
     */
    public Task in(TaskStatus status) {
        Task waiting = pending();
        Task running = waiting.start("worker-1", later(1));
        return switch (status) {
            case PENDING -> waiting;
            case RUNNING -> running;
            case VALIDATING, PREPARING, UPLOADING, DOWNLOADING, BUILDING, PULLING ->
                running.progress(null, null, status, later(2));
            case PAUSED -> waiting.pause(later(1));
            case COMPLETED -> running.succeed(null, later(2));
            case FAILED -> running.fail(ProcessErrors.COMMAND_FAILED.toError("exit code 1"), null, later(2));
            case CANCELLED -> waiting.cancel(later(1));
            case TIMEOUT -> running.timeOut(ErrorCode.TASK_TIMEOUT.toError("ran too long"), null, later(2));
        };
    }

    /** PAUSED while it ran: its worker holds the stopped process. */
    public Task pausedWhileRunning() {
        return in(TaskStatus.RUNNING).pause(later(2));
    }

    private static Instant later(int seconds) {
        return SUBMITTED.plusSeconds(seconds);
    }
}
