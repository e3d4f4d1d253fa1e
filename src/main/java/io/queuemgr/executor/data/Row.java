package io.queuemgr.executor.data;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** One record of a data file: the line it starts on and its values by column, in the file's order. */
public record Row(long line, Map<String, JsonNode> values) {

    /** The value as text, or null when the column is missing or null; objects and arrays as their JSON. */
    public String text(String column) {
        return text(values.get(column));
    }

    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
