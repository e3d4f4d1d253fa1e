package io.queuemgr.json;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether a JSON value is of the type a record component asks for, element by element: text, whole numbers that
 * fit, true or false, lists, objects of named values and any JSON are told apart here; any other type is tried with
 * Jackson. Each value that is not of its type is told with its {@link WrongType} message, or one naming the type.
 */
final class JsonKinds {

    /** A value not of its type: where it is (relative to the record), its place among the fields, the message. */
    record Mismatch(String path, int[] order, String message) {
    }

    private final ObjectMapper mapper;

    JsonKinds(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Whether values of the type are told apart here rather than by binding them with Jackson. */
    static boolean isPlain(Class<?> raw) {
        return raw == String.class || isWhole(raw) || raw == Boolean.class || raw == boolean.class
                || List.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)
                || JsonNode.class.isAssignableFrom(raw);
    }

    /**
     * The value as it can be bound: itself when it fits, a copy with null in place of each element that does not,
     * or null when the value as a whole does not. Each value that does not fit is added to {@code out}.
     */
    JsonNode fit(JsonNode value, AnnotatedType type, String path, int[] order, List<Mismatch> out) {
        Class<?> raw = raw(type.getType());
        if (value.isArray() && List.class.isAssignableFrom(raw)) {
            return elements(value, argument(type, 0), path, order, out);
        }
        if (value.isObject() && Map.class.isAssignableFrom(raw)) {
            return entries(value, argument(type, 1), path, order, out);
        }
        if (fits(value, raw, type)) {
            return value;
        }
        out.add(new Mismatch(path, order, message(type)));
        return null;
    }

    /** What a value of another type than this is told. */
    static String message(AnnotatedType type) {
        WrongType wrong = type.getAnnotation(WrongType.class);
        return wrong != null ? wrong.value() : message(raw(type.getType()), argument(type, 1));
    }

    /** What a value of another type than {@code raw} is told; {@code values} are those of a map, if known. */
    static String message(Class<?> raw, AnnotatedType values) {
        if (raw == String.class) {
            return "must be a string";
        } else if (isWhole(raw)) {
            return "must be a whole number";
        } else if (raw == Boolean.class || raw == boolean.class) {
            return "must be true or false";
        } else if (List.class.isAssignableFrom(raw) || raw == ArrayNode.class) {
            return "must be a list";
        } else if (Map.class.isAssignableFrom(raw)) {
            return values != null && raw(values.getType()) == String.class
                    ? "must be an object of strings"
                    : "must be an object";
        }
        return raw == ObjectNode.class ? "must be a JSON object" : "is not a valid value";
    }

    private boolean fits(JsonNode value, Class<?> raw, AnnotatedType type) {
        if (JsonNode.class.isAssignableFrom(raw)) {
            return raw.isInstance(value);
        }
        if (value.isNull() || List.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
            return false;
        }
        if (raw == String.class) {
            WrongType wrong = type.getAnnotation(WrongType.class);
            return value.isTextual() && !(wrong != null && wrong.blankToo() && value.textValue().isBlank());
        }
        if (raw == Integer.class || raw == int.class) {
            return value.isIntegralNumber() && value.canConvertToInt();
        }
        if (raw == Long.class || raw == long.class) {
            return value.isIntegralNumber() && value.canConvertToLong();
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return value.isBoolean();
        }
        try {
            mapper.treeToValue(value, mapper.constructType(type.getType()));
            return true;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return false;
        }
    }

    private JsonNode elements(JsonNode list, AnnotatedType element, String path, int[] order, List<Mismatch> out) {
        if (element == null) {
            return list;
        }
        ArrayNode copy = null;
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            JsonNode fitting = fit(e, element, path + "[" + i + "]", with(order, i), out);
            if (fitting != e) {
                if (copy == null) {
                    copy = JsonNodeFactory.instance.arrayNode(list.size());
                    copy.addAll((ArrayNode) list);
                }
                copy.set(i, fitting == null ? NullNode.getInstance() : fitting);
            }
        }
        return copy == null ? list : copy;
    }

    private JsonNode entries(JsonNode object, AnnotatedType value, String path, int[] order, List<Mismatch> out) {
        if (value == null) {
            return object;
        }
        ObjectNode copy = null;
        int position = 0;
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            JsonNode fitting = fit(e.getValue(), value, path + "." + e.getKey(), with(order, position++), out);
            if (fitting != e.getValue()) {
                if (copy == null) {
                    copy = JsonNodeFactory.instance.objectNode().setAll((ObjectNode) object);
                }
                copy.set(e.getKey(), fitting == null ? NullNode.getInstance() : fitting);
            }
        }
        return copy == null ? object : copy;
    }

    private static boolean isWhole(Class<?> raw) {
        return raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class;
    }

    private static int[] with(int[] order, int next) {
        int[] longer = Arrays.copyOf(order, order.length + 1);
        longer[order.length] = next;
        return longer;
    }

    private static AnnotatedType argument(AnnotatedType type, int index) {
        if (type instanceof AnnotatedParameterizedType p && p.getAnnotatedActualTypeArguments().length > index) {
            return p.getAnnotatedActualTypeArguments()[index];
        }
        return null;
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        } else if (type instanceof ParameterizedType p) {
            return raw(p.getRawType());
        } else if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }
}
