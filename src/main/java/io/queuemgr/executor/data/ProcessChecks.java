package io.queuemgr.executor.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.queuemgr.task.TaskFailure;

/** What data.process checks before it writes a row (data.export too: the output it may replace); its columns. */
final class ProcessChecks {

    private ProcessChecks() {
    }

    static void output(Path input, Path output, boolean overwrite) throws IOException {
        boolean exists = Files.exists(output);
        if (exists && Files.exists(input) && Files.isSameFile(input, output)) {
            throw DataErrors.DATA_OUTPUT_EXISTS.failure("The output " + output + " is the input file",
                    Map.of("path", output.toString()));
        }
        replaceable(output, overwrite);
    }

    /** An output that exists may be replaced only when the task says so. */
    static void replaceable(Path output, boolean overwrite) {
        if (!overwrite && Files.exists(output)) {
            throw outputExists(output);
        }
    }

    static TaskFailure outputExists(Path output) {
        return DataErrors.DATA_OUTPUT_EXISTS.failure("The output " + output + " already exists",
                Map.of("path", output.toString()));
    }

    /** A CSV file names its columns: a filter or a kept column it does not have is a mistake, not an empty one. */
    static void columns(RowSource source, ProcessParams p) {
        if (source.columns().isEmpty()) {
            return;
        }
        List<String> named = new ArrayList<>(p.columns() == null ? List.of() : p.columns());
        (p.filters() == null ? List.<RowFilter>of() : p.filters()).forEach(f -> named.add(f.column()));
        for (String column : named) {
            if (!source.columns().contains(column)) {
                throw DataErrors.DATA_FORMAT_INVALID.failure("The file has no column " + column + "; its columns: "
                        + String.join(", ", source.columns()), Map.of("column", column));
            }
        }
    }
}
