package io.queuemgr.secret;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.task.TaskError;

/**
 * Hides secret values in what a task shows: every occurrence becomes {@value #MASK}. Output is read and logged a line
 * at a time, so each line of a multi-line secret (a key file) is hidden on its own as well.
 */
public final class Redactor {

    public static final String MASK = "***";

    /** Longest first, so that a secret containing another is hidden whole. */
    private final List<String> hidden = new ArrayList<>();

    public synchronized void hide(String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        add(value);
        if (value.contains("\n")) {
            for (String line : value.split("\r?\n")) {
                if (!line.isBlank()) {
                    add(line);
                }
            }
        }
    }

    private void add(String value) {
        if (!hidden.contains(value)) {
            hidden.add(value);
            hidden.sort(Comparator.comparingInt(String::length).reversed());
        }
    }

    public synchronized boolean isEmpty() {
        return hidden.isEmpty();
    }

    public synchronized String redact(String text) {
        if (text == null || hidden.isEmpty()) {
            return text;
        }
        String out = text;
        for (String value : hidden) {
            out = out.replace(value, MASK);
        }
        return out;
    }

    /** A copy of the JSON with every string (and field name) redacted; the same node when nothing is hidden. */
    public JsonNode redact(JsonNode node) {
        if (node == null || isEmpty()) {
            return node;
        }
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(redact(node.asText()));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(redact(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(f -> copy.set(redact(f.getKey()), redact(f.getValue())));
            return copy;
        }
        return node;
    }

    public TaskError redact(TaskError error) {
        if (error == null || isEmpty()) {
            return error;
        }
        Map<String, String> context = new LinkedHashMap<>();
        error.context().forEach((k, v) -> context.put(k, redact(v)));
        return new TaskError(error.code(), redact(error.message()), context, error.suggestions(), error.retryable());
    }
}
