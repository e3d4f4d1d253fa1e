package io.queuemgr.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.secret.SecretRef;

/** The shape of a task type's {@code params}: which fields exist, their kinds, and which are required. */
public final class ParamSchema {

    /** The kinds of value a parameter may hold. */
    public enum Kind {
        STRING,
        INTEGER,
        BOOLEAN,
        STRING_LIST,
        STRING_MAP,
        INTEGER_LIST,
        /** A string, or {@code {"secretRef": "NAME"}} for a value the executor looks up when it runs. */
        SECRET,
        /** An object whose values are each a string or {@code {"secretRef": "NAME"}} (environment, headers). */
        SECRET_MAP,
        ANY
    }

    /** A check beyond the kind, e.g. that a string is an absolute URL. */
    @FunctionalInterface
    public interface Rule {
        /** What is wrong with the value (already of the field's kind), or null when it fits. */
        String problem(JsonNode value);
    }

    private record Field(Kind kind, boolean required, Rule rule) {
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();

    private final List<Check> checks = new ArrayList<>();

    private boolean open;

    /** A rule over the whole params, reported on one field, for what no single field can tell. */
    private record Check(String field, Rule rule) {
    }

    public static ParamSchema of() {
        return new ParamSchema();
    }

    /** Any JSON object: the parameters are for someone else to read (a pull worker). */
    public static ParamSchema anyObject() {
        ParamSchema s = new ParamSchema();
        s.open = true;
        return s;
    }

    public ParamSchema required(String name, Kind kind) {
        return required(name, kind, null);
    }

    public ParamSchema required(String name, Kind kind, Rule rule) {
        fields.put(name, new Field(kind, true, rule));
        return this;
    }

    public ParamSchema optional(String name, Kind kind) {
        return optional(name, kind, null);
    }

    public ParamSchema optional(String name, Kind kind, Rule rule) {
        fields.put(name, new Field(kind, false, rule));
        return this;
    }

    /**
     * A rule over the whole params object (e.g. which program runs depends on both command and shell), reported as
     * {@code params.<field>}; it speaks only when every field fits its kind and rules.
     */
    public ParamSchema check(String field, Rule rule) {
        checks.add(new Check(field, rule));
        return this;
    }

    /** Every mismatch, each named by its path, e.g. {@code params.args[1]}. */
    public List<FieldError> validate(JsonNode params) {
        List<FieldError> errors = new ArrayList<>();
        if (params == null || params.isNull()) {
            params = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!params.isObject()) {
            errors.add(new FieldError("params", "must be a JSON object"));
            return errors;
        }
        for (Map.Entry<String, Field> f : fields.entrySet()) {
            JsonNode value = params.get(f.getKey());
            String path = "params." + f.getKey();
            if (value == null || value.isNull()) {
                if (f.getValue().required()) {
                    errors.add(new FieldError(path, "is required"));
                }
            } else {
                int before = errors.size();
                check(path, value, f.getValue().kind(), errors);
                Rule rule = f.getValue().rule();
                String problem = rule == null || errors.size() > before ? null : rule.problem(value);
                if (problem != null) {
                    errors.add(new FieldError(path, problem));
                }
            }
        }
        for (Iterator<String> names = params.fieldNames(); !open && names.hasNext();) {
            String name = names.next();
            if (!fields.containsKey(name)) {
                errors.add(new FieldError("params." + name, "is not a parameter of this type; known: "
                        + String.join(", ", fields.keySet())));
            }
        }
        if (errors.isEmpty()) {
            for (Check c : checks) {
                String problem = c.rule().problem(params);
                if (problem != null) {
                    errors.add(new FieldError("params." + c.field(), problem));
                }
            }
        }
        return errors;
    }

    private static void check(String path, JsonNode value, Kind kind, List<FieldError> errors) {
        switch (kind) {
            case STRING -> {
                if (!value.isTextual()) {
                    errors.add(new FieldError(path, "must be a string"));
                }
            }
            case INTEGER -> {
                if (!value.canConvertToLong() || !value.isIntegralNumber()) {
                    errors.add(new FieldError(path, "must be a whole number"));
                }
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    errors.add(new FieldError(path, "must be true or false"));
                }
            }
            case STRING_LIST -> eachElement(path, value, JsonNode::isTextual, "a string", errors);
            case INTEGER_LIST -> eachElement(path, value, v -> v.isIntegralNumber() && v.canConvertToInt(),
                    "a whole number", errors);
            case STRING_MAP -> {
                if (!value.isObject()) {
                    errors.add(new FieldError(path, "must be an object of strings"));
                } else {
                    value.fields().forEachRemaining(e -> {
                        if (!e.getValue().isTextual()) {
                            errors.add(new FieldError(path + "." + e.getKey(), "must be a string"));
                        }
                    });
                }
            }
            case SECRET -> {
                String problem = SecretRef.problem(value);
                if (problem != null) {
                    errors.add(new FieldError(path, problem));
                }
            }
            case SECRET_MAP -> {
                if (!value.isObject()) {
                    errors.add(new FieldError(path, "must be an object of strings or secret references"));
                } else {
                    value.fields().forEachRemaining(e -> {
                        String problem = SecretRef.problem(e.getValue());
                        if (problem != null) {
                            errors.add(new FieldError(path + "." + e.getKey(), problem));
                        }
                    });
                }
            }
            case ANY -> {
            }
        }
    }

    private static void eachElement(String path, JsonNode value, java.util.function.Predicate<JsonNode> ok,
            String what, List<FieldError> errors) {
        if (!value.isArray()) {
            errors.add(new FieldError(path, "must be a list"));
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            if (!ok.test(value.get(i))) {
                errors.add(new FieldError(path + "[" + i + "]", "must be " + what));
            }
        }
    }
}
