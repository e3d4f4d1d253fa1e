package io.queuemgr.submission;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.queuemgr.config.QueuemgrConfig;
import io.queuemgr.error.JsonErrors;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.executor.ExecutorRegistry;
import io.queuemgr.executor.TaskExecutor;
import io.queuemgr.json.StorableText;

/**
 * Turns the bytes of a submission into a {@link Submission}, or into every reason it is refused: not JSON, unknown
 * type, parameters that do not fit the type's schema, fields out of range. REST and Kafka intake share it, so both
 * refuse the same things in the same words.
 */
@Singleton
public class SubmissionParser {

    public static final String DEFAULT_QUEUE = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> FIELDS = Set.of("id", "type", "queue", "params", "priority", "category", "tags",
            "maxRetries", "timeoutSeconds");

    /** Category and tags are labels, not documents. */
    static final int MAX_LABEL_LENGTH = 255;

    private final ObjectMapper mapper;
    private final ExecutorRegistry executors;
    private final int maxParamsBytes;

    public SubmissionParser(ObjectMapper mapper, ExecutorRegistry executors, QueuemgrConfig config) {
        this.mapper = mapper;
        this.executors = executors;
        this.maxParamsBytes = config.submission().maxParamsBytes();
    }

    /** Either a submission or the reasons it is refused. */
    public sealed interface Result {
        record Accepted(Submission submission) implements Result {
        }

        record Refused(String reason, List<FieldError> errors) implements Result {
        }

        /** Params beyond the configured bound: a submission too large to take, whatever else it says. */
        record TooLarge(String reason, List<FieldError> errors) implements Result {
        }
    }

    public Result parse(byte[] body, String queueFromPath) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return new Result.Refused("The submission is not valid JSON: " + JsonErrors.describe(e), List.of());
        } catch (IOException e) {
            return new Result.Refused("The submission could not be read as JSON", List.of());
        }
        if (root == null || !root.isObject()) {
            return new Result.Refused("The submission must be a JSON object", List.of());
        }
        // CloudEvents in structured mode carry the submission in "data".
        if (root.has("specversion") && root.path("data").isObject()) {
            root = root.get("data");
        }
        return parse(root, queueFromPath);
    }

    private Result parse(JsonNode root, String queueFromPath) {
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "is not a submission field; known: " + String.join(", ", FIELDS)));
            }
        }
        String type = text(root, "type", errors);
        String canonical = executors.canonical(type);
        TaskExecutor executor = null;
        if (type == null) {
            if (!root.has("type")) {
                errors.add(new FieldError("type", "is required"));
            }
        } else {
            executor = executors.find(canonical).orElse(null);
            if (executor == null) {
                errors.add(new FieldError("type", "unknown task type '" + type + "'; known: "
                        + String.join(", ", executors.types())));
            }
        }
        JsonNode params = root.get("params");
        if (params == null || params.isNull()) {
            params = JsonNodeFactory.instance.objectNode();
        }
        long paramsBytes = ParamsSize.serialized(mapper, params);
        if (paramsBytes > maxParamsBytes) {
            return new Result.TooLarge("The submission's params are " + paramsBytes + " bytes serialized; at most "
                    + maxParamsBytes + " are accepted (queuemgr.submission.max-params-bytes)",
                    List.of(new FieldError("params", "must serialize to at most " + maxParamsBytes + " bytes")));
        }
        StorableText.firstProblem(root, "").ifPresent(errors::add);
        if (executor != null) {
            errors.addAll(executor.schema(canonical).validate(params));
        }
        String queue = queueFromPath != null ? queueFromPath : text(root, "queue", errors);
        if (queue == null) {
            queue = DEFAULT_QUEUE;
        } else if (!NAME.matcher(queue).matches()) {
            errors.add(new FieldError("queue", "must be 1–64 letters, digits, '.', '_' or '-'"));
        }
        int priority = integer(root, "priority", 5, 0, 9, errors);
        // Unset: the queue's policy decides when the task is created.
        Integer maxRetries = root.has("maxRetries") && !root.get("maxRetries").isNull()
                ? integer(root, "maxRetries", 0, 0, 100, errors)
                : null;
        Integer timeout = root.has("timeoutSeconds") && !root.get("timeoutSeconds").isNull()
                ? integer(root, "timeoutSeconds", 0, 1, 7 * 24 * 3600, errors)
                : null;
        String category = text(root, "category", errors);
        if (category != null && category.length() > MAX_LABEL_LENGTH) {
            errors.add(new FieldError("category", "must be at most " + MAX_LABEL_LENGTH + " characters"));
        }
        List<String> tags = tags(root, errors);
        UUID id = uuid(root, errors);
        if (!errors.isEmpty()) {
            return new Result.Refused("The submission has " + errors.size()
                    + (errors.size() == 1 ? " invalid field" : " invalid fields"), errors);
        }
        return new Result.Accepted(new Submission(id, canonical, queue, params, priority, category, tags,
                maxRetries, timeout == null ? null : timeout.longValue()));
    }

    private static String text(JsonNode root, String field, List<FieldError> errors) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            errors.add(new FieldError(field, "must be a non-empty string"));
            return null;
        }
        return v.asText();
    }

    private static int integer(JsonNode root, String field, int dflt, int min, int max, List<FieldError> errors) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
            return dflt;
        }
        return v.asInt();
    }

    private static List<String> tags(JsonNode root, List<FieldError> errors) {
        JsonNode v = root.get("tags");
        List<String> tags = new ArrayList<>();
        if (v == null || v.isNull()) {
            return tags;
        }
        if (!v.isArray() || v.size() > 32) {
            errors.add(new FieldError("tags", "must be a list of at most 32 strings"));
            return tags;
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual() || v.get(i).asText().length() > MAX_LABEL_LENGTH) {
                errors.add(new FieldError("tags[" + i + "]", "must be a string of at most " + MAX_LABEL_LENGTH
                        + " characters"));
            } else {
                tags.add(v.get(i).asText());
            }
        }
        return tags;
    }

    private static UUID uuid(JsonNode root, List<FieldError> errors) {
        JsonNode v = root.get("id");
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return UUID.fromString(v.asText());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("id", "must be a UUID"));
            return null;
        }
    }
}
