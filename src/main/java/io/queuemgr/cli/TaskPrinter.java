package io.queuemgr.cli;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

/** A task snapshot as lines of "field: value" for people. */
final class TaskPrinter {

    private static final String[] FIELDS = {"id", "queue", "type", "status", "progress", "currentStep", "attempt",
            "priority", "category", "tags", "submittedBy", "workerId", "createdAt", "startedAt", "finishedAt",
            "nextRetryAt", "cachedFrom"};

    private TaskPrinter() {
    }

    static void details(JsonNode task, PrintWriter out) {
        for (String field : FIELDS) {
            JsonNode value = task.path(field);
            if (!value.isMissingNode() && !value.isNull() && !(value.isArray() && value.isEmpty())) {
                out.printf("%-12s %s%n", field + ":", value.isValueNode() ? value.asText() : value.toString());
            }
        }
        JsonNode error = task.path("error");
        if (error.isObject()) {
            out.printf("%-12s %s: %s%n", "error:", error.path("code").asText(), error.path("message").asText());
            error.path("suggestions").forEach(s -> out.println("  try: " + s.asText()));
        }
        if (task.has("result") && !task.get("result").isNull()) {
            out.printf("%-12s %s%n", "result:", task.get("result"));
        }
    }

    static boolean isFinal(String status) {
        return switch (status) {
            case "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT" -> true;
            default -> false;
        };
    }
}
