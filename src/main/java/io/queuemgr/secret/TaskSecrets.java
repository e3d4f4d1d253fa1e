package io.queuemgr.secret;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskFailure;

/**
 * The secrets of one run of a task: an executor resolves its parameters through it when it runs, and every value it
 * resolved is hidden from that run's log lines, result and error ({@link #redactor()}).
 */
public final class TaskSecrets {

    private final SecretStore store;
    private final Redactor redactor = new Redactor();

    public TaskSecrets(SecretStore store) {
        this.store = store;
    }

    /**
     * The text of a parameter that is a string or {@code {"secretRef": ...}}; null when absent. Fails with
     * SECRET_NOT_FOUND for a secret that does not exist. Blocks on file I/O: call it off the event loop.
     */
    public String resolve(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        Optional<SecretRef> ref = SecretRef.of(value);
        if (ref.isEmpty()) {
            return value.asText();
        }
        String name = ref.get().name();
        Map<String, String> context = Map.of("secret", name, "field", field);
        String secret;
        try {
            secret = store.find(name).orElseThrow(() -> ErrorCode.SECRET_NOT_FOUND.failure(
                    "Secret " + name + " (" + field + ") was not found; looked for " + store.whereLooked(name),
                    context));
        } catch (UncheckedIOException e) {
            throw new TaskFailure(ErrorCode.SECRET_UNUSABLE.toError(e.getMessage(), context));
        }
        redactor.hide(secret);
        return secret;
    }

    /** Every entry of an object of strings and references, resolved, in order; empty when absent. */
    public Map<String, String> resolveAll(String field, JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            object.fields().forEachRemaining(e -> out.put(e.getKey(), resolve(field + "." + e.getKey(),
                    e.getValue())));
        }
        return out;
    }

    /** Every entry of a map of strings and references, resolved, in order; empty when absent. */
    public Map<String, String> resolveAll(String field, Map<String, JsonNode> values) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((name, value) -> out.put(name, resolve(field + "." + name, value)));
        }
        return out;
    }

    public Redactor redactor() {
        return redactor;
    }
}
