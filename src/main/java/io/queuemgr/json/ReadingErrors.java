package io.queuemgr.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.error.FieldErrors;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.json.JsonKinds.Mismatch;

/** Which of the values of the wrong type and constraint violations of a reading are told, and in what order. */
final class ReadingErrors {

    private ReadingErrors() {
    }

    /** A mismatch or a constraint violation, relative to the record. */
    private record Found(String path, int[] order, String message, boolean violation) {
    }

    /**
     * What is told of a record read from {@code json}, each field under {@code path}, in order: a violation about a
     * value already told to be of the wrong type is not, nor is anything inside a component that breaks a constraint
     * as a whole. {@code components} gives each component's place.
     */
    static <R> List<FieldError> told(String path, List<Mismatch> mismatches, Set<ConstraintViolation<R>> violations,
            JsonNode json, Map<String, Integer> components) {
        if (mismatches.isEmpty() && violations.isEmpty()) {
            return List.of();
        }
        List<Found> all = new ArrayList<>();
        Set<String> mistyped = new HashSet<>();
        for (Mismatch m : mismatches) {
            all.add(new Found(m.path(), m.order(), m.message(), false));
            mistyped.add(m.path());
        }
        Set<String> wrongAsAWhole = new HashSet<>();
        for (ConstraintViolation<R> v : violations) {
            String relative = FieldErrors.path(v.getPropertyPath());
            // A rule over the whole record is told after the fields' own errors, on whichever field it names.
            int[] order = v.getInvalidValue() == v.getRootBean()
                    ? new int[]{Integer.MAX_VALUE}
                    : order(v.getPropertyPath(), json, components);
            all.add(new Found(relative, order, Violations.message(v), true));
            if (components.containsKey(relative)) {
                wrongAsAWhole.add(relative);
            }
        }
        return all.stream()
                .filter(f -> !(f.violation() && within(f.path(), mistyped, true)))
                .filter(f -> !within(f.path(), wrongAsAWhole, false))
                .sorted(Comparator.comparing(Found::order, Arrays::compare))
                .map(f -> new FieldError(at(path, f.path()), f.message())).toList();
    }

    /** Whether the path lies inside one of the paths, or (when {@code orAt}) is one of them. */
    private static boolean within(String path, Set<String> paths, boolean orAt) {
        if (paths.isEmpty()) {
            return false;
        }
        if (orAt && paths.contains(path)) {
            return true;
        }
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if ((c == '.' || c == '[') && paths.contains(path.substring(0, i))) {
                return true;
            }
        }
        return false;
    }

    /** Where a violation is: its component's place, then the place of each element in the JSON. */
    private static int[] order(Path path, JsonNode json, Map<String, Integer> components) {
        List<Integer> order = new ArrayList<>();
        JsonNode at = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT && node.getIndex() != null) {
                order.add(node.getIndex());
                at = at == null ? null : at.get(node.getIndex());
            } else if (node.getKind() == ElementKind.CONTAINER_ELEMENT && node.getKey() != null) {
                String key = String.valueOf(node.getKey());
                order.add(position(at, key));
                at = at == null ? null : at.get(key);
            } else if (node.getName() != null && order.isEmpty()) {
                order.add(components.getOrDefault(node.getName(), Integer.MAX_VALUE));
                at = json.get(node.getName());
            }
        }
        return order.isEmpty() ? new int[]{Integer.MAX_VALUE} : order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int position(JsonNode object, String key) {
        int i = 0;
        if (object != null) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getKey().equals(key)) {
                    return i;
                }
                i++;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static String at(String path, String field) {
        return path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
    }
}
