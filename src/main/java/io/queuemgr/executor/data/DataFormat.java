package io.queuemgr.executor.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The file formats the data tasks read and write. */
public enum DataFormat {
    CSV,
    JSONL;

    /** The pattern a format param must match. */
    public static final String NAMES = "csv|jsonl";

    /**
     * The format the param names, else the one the file's extension says (.csv; .jsonl, .ndjson or .json); a file
     * with neither fails as DATA_FORMAT_INVALID.
     */
    public static DataFormat of(String param, Path file, String field) {
        if (param != null) {
            return valueOf(param.toUpperCase(Locale.ROOT));
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSONL;
        }
        throw DataErrors.DATA_FORMAT_INVALID.failure(
                "Cannot tell the format of " + file + " from its name; give " + field + " (csv or jsonl)",
                Map.of("path", file.toString()));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
