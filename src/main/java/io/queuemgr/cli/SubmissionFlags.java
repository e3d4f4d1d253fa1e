package io.queuemgr.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Option;

/** A submission given as flags; only what is set goes into the JSON, the service fills in the rest. */
public final class SubmissionFlags {

    @Option(names = "--type", required = true, description = "The task type (command, webhook, noop, …).")
    String type;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "A parameter; a value that is JSON "
            + "(a number, true, [\"a\",\"b\"], {…}) is taken as JSON, anything else as text.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--queue", description = "The queue (default: default).")
    String queue;

    @Option(names = "--priority", description = "0-9, 9 first.")
    Integer priority;

    @Option(names = "--delay", paramLabel = "SECONDS", description = "Start no sooner than this many seconds from now.")
    Integer delaySeconds;

    @Option(names = "--run-at", paramLabel = "INSTANT", description = "Start at this ISO-8601 instant.")
    String runAt;

    @Option(names = "--hold", description = "Accept the task PAUSED; `job start` lets it run.")
    boolean hold;

    @Option(names = "--cache-for", paramLabel = "DURATION", description = "Reuse the result of an identical task "
            + "completed within this ISO-8601 duration (PT1H).")
    String cacheFor;

    @Option(names = "--tag", description = "A tag (repeatable).")
    List<String> tags;

    @Option(names = "--category")
    String category;

    @Option(names = "--max-retries")
    Integer maxRetries;

    @Option(names = "--timeout", paramLabel = "SECONDS")
    Integer timeoutSeconds;

    /**
     * The submission; {@code paramsSchema} (the type's JSON Schema from /api/task-types, or a missing node) keeps the
     * value of a string parameter as text, so that {@code command=true} runs true rather than sending a boolean.
     */
    public ObjectNode json(JsonNode paramsSchema) {
        ObjectNode body = ApiClient.JSON.createObjectNode().put("type", type);
        ObjectNode p = body.putObject("params");
        params.forEach((k, v) -> p.set(k, isText(paramsSchema.path("properties").path(k)) ? textNode(v) : value(v)));
        putIfSet(body, "queue", queue);
        putIfSet(body, "priority", priority);
        putIfSet(body, "delaySeconds", delaySeconds);
        putIfSet(body, "runAt", runAt);
        putIfSet(body, "cacheFor", cacheFor);
        putIfSet(body, "category", category);
        putIfSet(body, "maxRetries", maxRetries);
        putIfSet(body, "timeoutSeconds", timeoutSeconds);
        if (hold) {
            body.put("hold", true);
        }
        if (tags != null) {
            tags.forEach(body.putArray("tags")::add);
        }
        return body;
    }

    static boolean isText(JsonNode property) {
        JsonNode type = property.path("type");
        if (type.isTextual()) {
            return type.asText().equals("string");
        }
        boolean any = false;
        for (JsonNode t : type) {
            if (!t.asText().equals("null") && !t.asText().equals("string")) {
                return false;
            }
            any |= t.asText().equals("string");
        }
        return any;
    }

    private static JsonNode textNode(String text) {
        return ApiClient.JSON.getNodeFactory().textNode(text);
    }

    /** A parameter's value: JSON when it parses as JSON, else the text itself. */
    static JsonNode value(String text) {
        try {
            JsonNode parsed = ApiClient.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(text);
            if (parsed != null && !parsed.isMissingNode()) {
                return parsed;
            }
        } catch (Exception e) {
            // not JSON: plain text, which is what most values are
        }
        return ApiClient.JSON.getNodeFactory().textNode(text);
    }

    private static void putIfSet(ObjectNode body, String field, Object value) {
        if (value != null) {
            body.set(field, ApiClient.JSON.valueToTree(value));
        }
    }
}
