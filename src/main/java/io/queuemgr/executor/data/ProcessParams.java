package io.queuemgr.executor.data;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;

/** The params of data.process: read, keep the rows that pass the filters, keep the columns named, write. */
@RegisterForReflection
public record ProcessParams(
        @NotNull(message = "is required") @AllowedPath String input,
        @NotNull(message = "is required") @AllowedPath String output,
        @Pattern(regexp = DataFormat.NAMES, message = "must be csv or jsonl") String format,
        @Pattern(regexp = DataFormat.NAMES, message = "must be csv or jsonl") String outputFormat,
        List<@NotNull(message = "is required") @Valid RowFilter> filters,
        List<@NotNull(message = "is required") String> columns,
        @Min(value = 0, message = "must be 0 or more") Long limit,
        @Min(value = 1, message = "must be at least 1") Long maxInputBytes,
        Boolean overwrite) {
}
