package io.queuemgr.task;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Why an attempt failed: a code from the error taxonomy, a message, context such as an exit code, the fixes to try,
 * and whether trying again can help.
 */
@RegisterForReflection
public record TaskError(String code, String message, Map<String, String> context, List<String> suggestions,
        boolean retryable) {

    public TaskError {
        context = context == null ? Map.of() : Map.copyOf(context);
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
    }
}
