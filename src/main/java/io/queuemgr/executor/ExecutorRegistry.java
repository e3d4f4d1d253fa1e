package io.queuemgr.executor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The task types the service runs, found among the executor beans, by their names and aliases. Two executors that
 * claim one name stop the service at start.
 */
@ApplicationScoped
public class ExecutorRegistry {

    private final Map<String, TaskExecutor<?>> byName = new HashMap<>();
    private final List<TaskType> types = new ArrayList<>();

    @Inject
    public ExecutorRegistry(@Any Instance<TaskExecutor<?>> executors) {
        this(executors.stream().toList());
    }

    public ExecutorRegistry(List<TaskExecutor<?>> executors) {
        for (TaskExecutor<?> executor : executors) {
            TaskType type = executor.type();
            types.add(type);
            claim(type.name(), executor);
            type.aliases().forEach(alias -> claim(alias, executor));
        }
        types.sort(Comparator.comparing(TaskType::name));
    }

    private void claim(String name, TaskExecutor<?> executor) {
        TaskExecutor<?> previous = byName.put(TaskType.key(name), executor);
        if (previous != null && previous != executor) {
            throw new IllegalStateException("Two task types answer to the name " + name + ": "
                    + previous.type().name() + " and " + executor.type().name());
        }
    }

    /** The canonical type name for what a user wrote ({@code SCP_UPLOAD} is {@code scp.upload}); else as written. */
    public String canonical(String written) {
        if (written == null) {
            return null;
        }
        TaskExecutor<?> executor = byName.get(TaskType.key(written));
        return executor == null ? written : executor.type().name();
    }

    public Optional<TaskExecutor<?>> find(String written) {
        return written == null ? Optional.empty() : Optional.ofNullable(byName.get(TaskType.key(written)));
    }

    public Optional<TaskType> type(String written) {
        return find(written).map(TaskExecutor::type);
    }

    /** Whether the type runs code, so that submitting it needs a grant; an unknown type does not run at all. */
    public boolean runsCode(String written) {
        return type(written).map(t -> t.has(TaskType.Capability.RUNS_CODE)).orElse(false);
    }

    /** Whether a running task of the type can be paused. */
    public boolean pausable(String written) {
        return type(written).map(t -> t.has(TaskType.Capability.PAUSABLE)).orElse(false);
    }

    /** Every type, by name. */
    public List<TaskType> types() {
        return List.copyOf(types);
    }

    /** The canonical names, sorted. */
    public List<String> names() {
        return types.stream().map(TaskType::name).toList();
    }
}
