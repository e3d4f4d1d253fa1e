package io.queuemgr.secret;

import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parameter that names a secret instead of holding it: {@code {"secretRef": "NAME"}}. Only the reference travels
 * on Kafka and lands in PostgreSQL; the value is looked up where and when the task runs.
 */
public record SecretRef(String name) {

    public static final String FIELD = "secretRef";
    /**
     * A file name in the secrets directory and the tail of an environment variable: no '/', and no leading '.'
     * (which also keeps out Kubernetes' {@code ..data} links and {@code ..}).
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final String SHAPE = "must be a string or {\"secretRef\": \"NAME\"}";

    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** What is wrong with a value that may be a plain string or a reference, or null when it fits. */
    public static String problem(JsonNode value) {
        if (value.isTextual()) {
            return null;
        }
        if (!value.isObject() || !value.has(FIELD)) {
            return SHAPE;
        }
        if (value.size() != 1) {
            return "a secret reference must hold exactly one field, secretRef";
        }
        JsonNode name = value.get(FIELD);
        if (!name.isTextual() || !isName(name.asText())) {
            return "secretRef must name a secret: 1–128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
        }
        return null;
    }

    /** The reference a value holds, if it is one (and well-formed). */
    public static Optional<SecretRef> of(JsonNode value) {
        if (value == null || !value.isObject() || problem(value) != null) {
            return Optional.empty();
        }
        return Optional.of(new SecretRef(value.get(FIELD).asText()));
    }
}
