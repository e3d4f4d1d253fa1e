package io.queuemgr.executor.data;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;

/** The params of data.analyze: the file, its format when the name does not tell it, and the rows to look at. */
@RegisterForReflection
public record AnalyzeParams(
        @NotNull(message = "is required") @AllowedPath String input,
        @Pattern(regexp = DataFormat.NAMES, message = "must be csv or jsonl") String format,
        List<@NotNull(message = "is required") @Valid RowFilter> filters,
        @Min(value = 1, message = "must be at least 1") Long maxInputBytes) {
}
