package io.queuemgr.task;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON a submission carries, as the OpenAPI document shows it. */
@Schema(name = "Submission")
public record SubmissionDocument(
        @Schema(required = true, examples = "command", description = "Task type, e.g. command, script, webhook, noop") String type,
        @Schema(description = "Queue name; default when absent") String queue,
        @Schema(required = true, description = "Parameters of the type") Map<String, Object> params,
        @Schema(minimum = "0", maximum = "9", description = "9 runs first; default 5") Integer priority,
        String category,
        List<String> tags,
        @Schema(minimum = "0", maximum = "100") Integer maxRetries,
        @Schema(minimum = "1") Long timeoutSeconds,
        @Schema(description = "A UUID chosen by the submitter; the same id twice is one task") String id,
        @Schema(examples = "PT1H", description = "Reuse the result of an identical task (type, params, queue) completed this recently") String cacheFor) {
}
