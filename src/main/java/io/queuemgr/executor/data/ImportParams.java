package io.queuemgr.executor.data;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.queuemgr.executor.AllowedPath;

/** The params of data.import: a JSON Lines file of submissions, and the queue they all go to if one is named. */
@RegisterForReflection
public record ImportParams(
        @NotNull(message = "is required") @AllowedPath String input,
        String queue,
        @Min(value = 1, message = "must be at least 1") Long maxInputBytes) {
}
