package io.queuemgr.error;

import java.util.List;

import jakarta.validation.Path;

import io.queuemgr.error.Problem.FieldError;

/**
 * Keeps a list of field errors to a readable size whatever the input: the first {@value #MAX_ERRORS}, each field
 * and message cut short. A body with a hundred thousand wrong elements is answered in kilobytes, not megabytes.
 */
public final class FieldErrors {

    public static final int MAX_ERRORS = 100;
    private static final int MAX_FIELD = 200;
    private static final int MAX_MESSAGE = 1000;

    private FieldErrors() {
    }

    public static List<FieldError> bounded(List<FieldError> errors) {
        if (errors == null) {
            return List.of();
        }
        return errors.stream().limit(MAX_ERRORS)
                .map(e -> new FieldError(cut(e.field(), MAX_FIELD), cut(e.message(), MAX_MESSAGE))).toList();
    }

    /** The text cut to {@code max} characters, marked with an ellipsis when it was longer. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }

    /**
     * The field a constraint violation is about as the request names it: {@code roles[1]}, {@code env.PATH}. The
     * resource method and its parameter, which mean nothing to the caller, are left out.
     */
    public static String path(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, PARAMETER, RETURN_VALUE, CROSS_PARAMETER -> {
                    continue;
                }
                case CONTAINER_ELEMENT -> {
                    if (node.getIndex() != null) {
                        out.append('[').append(node.getIndex()).append(']');
                    } else if (node.getKey() != null) {
                        out.append('.').append(node.getKey());
                    }
                }
                default -> {
                    if (node.isInIterable() && node.getIndex() != null) {
                        out.append('[').append(node.getIndex()).append(']');
                    }
                    if (node.getName() == null) {
                        continue;
                    }
                    if (!out.isEmpty()) {
                        out.append('.');
                    }
                    out.append(node.getName());
                }
            }
        }
        return out.toString();
    }
}
