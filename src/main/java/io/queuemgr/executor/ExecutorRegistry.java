package io.queuemgr.executor;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** Finds the executor for a task type among the executor beans; also knows the older alias names. */
@ApplicationScoped
public class ExecutorRegistry {

    private static final Map<String, String> ALIASES = Map.of(
            "custom_command", "command",
            "custom_script", "script",
            "custom_webhook", "webhook");

    private final Map<String, TaskExecutor> byType = new HashMap<>();

    public ExecutorRegistry(Instance<TaskExecutor> executors) {
        for (TaskExecutor executor : executors) {
            for (String type : executor.types()) {
                TaskExecutor previous = byType.put(type, executor);
                if (previous != null && previous != executor) {
                    throw new IllegalStateException("Two executors claim the task type " + type);
                }
            }
        }
    }

    /** The canonical type name for what a user wrote, e.g. {@code CUSTOM_COMMAND} becomes {@code command}. */
    public String canonical(String type) {
        if (type == null) {
            return null;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(lower, byType.containsKey(lower) ? lower : type);
    }

    public Optional<TaskExecutor> find(String type) {
        return Optional.ofNullable(byType.get(canonical(type)));
    }

    /** Whether the type runs code, so that submitting it needs a grant; an unknown type does not run at all. */
    public boolean runsCode(String type) {
        String canonical = canonical(type);
        return find(canonical).map(e -> e.runsCode(canonical)).orElse(false);
    }

    public Set<String> types() {
        return new TreeSet<>(byType.keySet());
    }
}
