package io.queuemgr.messaging;

import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Log lines of one task, as one record on the log topic. */
@RegisterForReflection
public record TaskLogBatch(UUID taskId, int attempt, List<String> lines) {
}
