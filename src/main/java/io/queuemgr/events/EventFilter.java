package io.queuemgr.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import io.queuemgr.error.ApiException;
import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.registry.StatusChange;
import io.queuemgr.task.TaskStatus;

/**
 * Which changes a watcher wants. Each field is a set of accepted values (empty: any); a change must match every
 * field, and any one value of a field. Values come repeated ({@code ?queue=a&queue=b}) or comma-separated
 * ({@code ?queue=a,b}).
 */
public record EventFilter(Set<String> queues, Set<TaskStatus> statuses, Set<String> types, Set<String> tags,
        Set<UUID> tasks) {

    public static EventFilter of(List<String> queues, List<String> statuses, List<String> types, List<String> tags,
            List<String> tasks) {
        return new EventFilter(Set.copyOf(values(queues)),
                Set.copyOf(values(statuses).stream().map(EventFilter::status).toList()),
                Set.copyOf(values(types)), Set.copyOf(values(tags)),
                Set.copyOf(values(tasks).stream().map(EventFilter::task).toList()));
    }

    boolean matches(StatusChange change) {
        return compile().test(change);
    }

    /**
     * The filter as one predicate made once per watcher, of the fields it names only, so that the fan-out tests a
     * change against a watcher without a stream or a set lookup it does not need; no field named: always true.
     */
    Predicate<StatusChange> compile() {
        List<Predicate<StatusChange>> parts = new ArrayList<>();
        if (!queues.isEmpty()) {
            parts.add(change -> queues.contains(change.queue()));
        }
        if (!statuses.isEmpty()) {
            EnumSet<TaskStatus> wanted = EnumSet.copyOf(statuses);
            parts.add(change -> change.status() != null && wanted.contains(change.status()));
        }
        if (!types.isEmpty()) {
            parts.add(change -> types.contains(change.type()));
        }
        if (!tasks.isEmpty()) {
            parts.add(change -> tasks.contains(change.id()));
        }
        if (!tags.isEmpty()) {
            parts.add(change -> anyTag(change.tags()));
        }
        return parts.stream().reduce(Predicate::and).orElse(change -> true);
    }

    private boolean anyTag(List<String> given) {
        for (String tag : given) {
            if (tags.contains(tag)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> values(List<String> given) {
        Set<String> out = new LinkedHashSet<>();
        if (given != null) {
            given.forEach(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .forEach(out::add));
        }
        return out;
    }

    private static TaskStatus status(String value) {
        try {
            return TaskStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Unknown status " + value, List.of(new FieldError("status",
                    "must be one of " + Arrays.toString(TaskStatus.values()))));
        }
    }

    private static UUID task(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("task is not a task id", List.of(new FieldError("task", "must be a UUID")));
        }
    }
}
