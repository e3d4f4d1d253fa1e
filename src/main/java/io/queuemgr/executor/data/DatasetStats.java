package io.queuemgr.executor.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The statistics of every column of the rows analysed, columns in the order the file first shows them. */
final class DatasetStats {

    private final Path path;
    private final DataLimits limits;
    private final Map<String, ColumnStats> columns = new LinkedHashMap<>();
    private long rows;

    DatasetStats(Path path, List<String> declared, DataLimits limits) {
        this.path = path;
        this.limits = limits;
        declared.forEach(this::column);
    }

    boolean add(Row row) {
        rows++;
        row.values().forEach((name, value) -> column(name).add(value));
        return true;
    }

    private ColumnStats column(String name) {
        ColumnStats stats = columns.get(name);
        if (stats == null) {
            if (columns.size() >= limits.maxColumns()) {
                throw DataErrors.DATA_SIZE_TOO_LARGE.failure(path.getFileName() + " has more than "
                        + limits.maxColumns() + " columns", Map.of("path", path.toString()));
            }
            stats = new ColumnStats(limits.distinctLimit());
            columns.put(name, stats);
        }
        return stats;
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("rows", rows);
        ObjectNode each = json.putObject("columns");
        columns.forEach((name, stats) -> each.set(name, stats.toJson(rows)));
        return json;
    }
}
