package io.queuemgr.json;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.error.Problem.FieldError;

/**
 * Text that every store of the service can hold. PostgreSQL refuses U+0000 in text and JSON, and an unpaired
 * surrogate is not Unicode at all; such text is refused where it comes in, naming the field, rather than breaking a
 * write later on.
 */
public final class StorableText {

    private StorableText() {
    }

    /** What is wrong with the text, or empty when it can be stored. */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of("must not contain the character U+0000");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must be valid Unicode text (it has an unpaired surrogate)");
            }
        }
        return Optional.empty();
    }

    /** The first field name or text value in the JSON that cannot be stored, named by its path under {@code path}. */
    public static Optional<FieldError> firstProblem(JsonNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return problem(node.textValue()).map(why -> new FieldError(path, why));
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<FieldError> found = firstProblem(node.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                Optional<FieldError> found = problem(field.getKey()).map(why -> new FieldError(
                        path.isEmpty() ? "(a field name)" : path + " (a field name)", why))
                        .or(() -> firstProblem(field.getValue(), at));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
