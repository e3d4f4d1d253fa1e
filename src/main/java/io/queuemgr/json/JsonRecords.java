package io.queuemgr.json;

import java.lang.annotation.ElementType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.metadata.BeanDescriptor;

import org.hibernate.validator.HibernateValidatorFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.json.JsonKinds.Mismatch;

/**
 * Reads a JSON object into a record with Jackson and checks it with Bean Validation, naming every field that is
 * wrong at once rather than the first: a value of the wrong JSON type is told (see {@link WrongType}) and left out,
 * the rest is bound and validated. A field that is wrong as a whole is told once, not also element by element;
 * errors come in the order of the record's components, then those of rules over the whole record. JSON null reads
 * as an absent field, except for a {@link JsonNode} component (which keeps it) and one whose {@link WrongType} says
 * null is wrong.
 */
@Singleton
public class JsonRecords {

    private final ObjectMapper mapper;
    private final Validator validator;
    private final JsonKinds kinds;
    private final ClassValue<Shape> shapes = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type, checksAfterFields(type));
        }
    };

    /**
     * Validates with a validator that reaches every property: the records read here are plain values, never
     * entities, and the factory's default asks Hibernate ORM of each constrained property whether it is loaded (a
     * twentieth of the event loop's time on a submission that is refused before Kafka, JFR 2026-12-04).
     */
    public JsonRecords(ObjectMapper mapper, ValidatorFactory validators) {
        this.mapper = mapper;
        this.validator = validators.unwrap(HibernateValidatorFactory.class).usingContext()
                .traversableResolver(new EveryProperty()).enableTraversableResolverResultCache(false).getValidator();
        this.kinds = new JsonKinds(mapper);
    }

    /**
     * The record the object holds and what is wrong with it, each field named under {@code path} ({@code params}
     * makes {@code params.args[1]}). {@code unknownField} is what a field the record does not have is told ("is not
     * a queue field"), followed by the known ones; null ignores such fields. A type that is not a record, such as
     * {@code ObjectNode}, takes any JSON of that type.
     */
    public <R> Reading<R> read(JsonNode json, Class<R> type, String path, String unknownField, Class<?>... groups) {
        if (!type.isRecord()) {
            return type.isInstance(json)
                    ? new Reading<>(type.cast(json), List.of(), List.of())
                    : new Reading<>(null, List.of(), List.of(new FieldError(path, JsonKinds.message(type, null))));
        }
        if (json == null || !json.isObject()) {
            return new Reading<>(null, List.of(), List.of(new FieldError(path, "must be a JSON object")));
        }
        Shape shape = shapes.get(type);
        List<FieldError> unknown = new ArrayList<>();
        if (unknownField != null) {
            for (Map.Entry<String, JsonNode> field : json.properties()) {
                if (!shape.index().containsKey(field.getKey())) {
                    String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                    unknown.add(new FieldError(name, unknownField + "; known: " + shape.known()));
                }
            }
        }
        List<Mismatch> mismatches = new ArrayList<>();
        ObjectNode bindable = JsonNodeFactory.instance.objectNode();
        for (Component c : shape.components()) {
            JsonNode value = json.get(c.name());
            JsonNode fitting = value == null ? null : fit(type, c, value, mismatches);
            if (fitting != null) {
                bindable.set(c.name(), fitting);
            }
        }
        R record = bind(bindable, type);
        List<FieldError> invalid = ReadingErrors.told(path, mismatches, validator.validate(record, groups), json,
                shape.index());
        if (unknown.isEmpty() && invalid.isEmpty() && shape.checksAfterFields()) {
            invalid = ReadingErrors.told(path, List.of(), validator.validate(record, AfterFields.class), json,
                    shape.index());
        }
        return new Reading<>(record, unknown, invalid);
    }

    /** The record, or a 400 problem with {@code detail} naming each field that is wrong. */
    public <R> R require(JsonNode json, Class<R> type, String unknownField, String detail, Class<?>... groups) {
        Reading<R> reading = read(json, type, "", unknownField, groups);
        if (!reading.ok()) {
            throw ApiException.invalid(detail, reading.errors());
        }
        return reading.value();
    }

    /** What is wrong with a value for one component of a record, by that component's constraints. */
    public List<FieldError> check(Class<?> type, String component, Object value) {
        return validator.validateValue(type, component, value).stream()
                .map(v -> new FieldError(component, Violations.message(v))).toList();
    }

    private JsonNode fit(Class<?> type, Component c, JsonNode value, List<Mismatch> mismatches) {
        int[] order = {c.index()};
        if (value.isNull() && !JsonNode.class.isAssignableFrom(c.raw())) {
            WrongType wrong = c.type().getAnnotation(WrongType.class);
            if (wrong != null && wrong.nullToo()) {
                mismatches.add(new Mismatch(c.name(), order, JsonKinds.message(c.type())));
            }
            return null;
        }
        if (JsonKinds.isPlain(c.raw())) {
            return kinds.fit(value, c.type(), c.name(), order, mismatches);
        }
        // Bound alone in its record, so that the component's own Jackson annotations apply.
        try {
            mapper.treeToValue(JsonNodeFactory.instance.objectNode().set(c.name(), value), type);
            return value;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            mismatches.add(new Mismatch(c.name(), order, JsonKinds.message(c.type())));
            return null;
        }
    }

    private <R> R bind(ObjectNode bindable, Class<R> type) {
        try {
            return mapper.treeToValue(bindable, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Values that fit " + type.getSimpleName() + " did not bind to it", e);
        }
    }

    /** Every property of a plain record can be reached and validated. */
    private static final class EveryProperty implements TraversableResolver {
        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootType, Path path, ElementType type) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootType, Path path, ElementType type) {
            return true;
        }
    }

    /** A record component as the reader needs it. */
    private record Component(String name, int index, AnnotatedType type, Class<?> raw) {
    }

    /** Whether the record type has constraints in {@link AfterFields}, on itself or on a component. */
    private boolean checksAfterFields(Class<?> type) {
        BeanDescriptor bean = validator.getConstraintsForClass(type);
        return bean.findConstraints().unorderedAndMatchingGroups(AfterFields.class).hasConstraints()
                || bean.getConstrainedProperties().stream().anyMatch(p -> p.findConstraints()
                        .unorderedAndMatchingGroups(AfterFields.class).hasConstraints());
    }

    /** The components of a record type, by name and in order. */
    private record Shape(List<Component> components, Map<String, Integer> index, String known,
            boolean checksAfterFields) {

        static Shape of(Class<?> type, boolean checksAfterFields) {
            List<Component> components = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            for (RecordComponent rc : type.getRecordComponents()) {
                index.put(rc.getName(), components.size());
                components.add(new Component(rc.getName(), components.size(), rc.getAnnotatedType(), rc.getType()));
            }
            return new Shape(List.copyOf(components), Map.copyOf(index),
                    String.join(", ", components.stream().map(Component::name).toList()), checksAfterFields);
        }
    }
}
