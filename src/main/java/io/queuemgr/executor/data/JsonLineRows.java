package io.queuemgr.executor.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The rows of a JSON Lines file: one JSON object a line; blank lines are skipped. */
final class JsonLineRows extends RowSource {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final TextLines lines;

    JsonLineRows(Path path, CountingInputStream in, DataLimits limits) {
        super(path, in, limits);
        this.lines = new TextLines(path, chars);
    }

    @Override
    Row next() {
        String text;
        do {
            text = lines.next();
        } while (text != null && text.isBlank());
        return text == null ? null : new Row(lines.line(), object(text, lines.line()));
    }

    private Map<String, JsonNode> object(String text, long line) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw DataErrors.DATA_PARSING_FAILED.failure("Cannot parse " + path.getFileName() + " line " + line
                    + ": " + e.getOriginalMessage(), Map.of("path", path.toString(), "line", Long.toString(line)));
        }
        if (node == null || !node.isObject()) {
            throw DataErrors.DATA_PARSING_FAILED.failure(path.getFileName() + " line " + line
                    + " is not a JSON object", Map.of("path", path.toString(), "line", Long.toString(line)));
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        node.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        return values;
    }

    @Override
    List<String> columns() {
        return List.of();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
