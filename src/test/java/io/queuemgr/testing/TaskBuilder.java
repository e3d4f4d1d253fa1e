package io.queuemgr.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test data builder for submissions: {@code aTask().ofType("command").withParam("command", "echo")}. */
public final class TaskBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> body = new LinkedHashMap<>();
    private final Map<String, Object> params = new LinkedHashMap<>();

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
        body.put("tags", new ArrayList<>(List.of(tags)));
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

    public String json() {
        Map<String, Object> all = new LinkedHashMap<>(body);
        all.put("params", params);
        try {
            return JSON.writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
