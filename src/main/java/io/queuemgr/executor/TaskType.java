package io.queuemgr.executor;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a task type is, as {@code GET /api/task-types} publishes it: its name, the names also accepted for it, the
 * category and tags a task of the type gets when the submission gives none, the record its params are bound to, and
 * what a running task of the type can do.
 *
 * @param name the canonical name, lower case with dots between family and operation ({@code scp.upload})
 * @param aliases other names a submission may use, matched without regard to case ({@code SCP_UPLOAD})
 * @param category the default category ({@code scp})
 * @param tags the default tags ({@code ["scp", "upload", "file-transfer"]})
 * @param description one sentence for people choosing a type
 * @param params the record a task's params are bound to and checked against; {@code ObjectNode} takes any object
 * @param capabilities what a running task of the type can do
 */
public record TaskType(String name, List<String> aliases, String category, List<String> tags, String description,
        Class<?> params, Set<Capability> capabilities) {

    /** What a running task of a type can do, beyond running to its end. */
    public enum Capability {
        /** A cancel or timeout stops the work itself (a process, a channel), not only the task's record. */
        CANCELLABLE,
        /** The work can be paused and resumed while it runs (it registers how with ExecutionContext#onPause). */
        PAUSABLE,
        /**
         * Runs code on this host or elsewhere (a command, a script, a remote shell): submitting it needs an explicit
         * grant of the type on the caller's token.
         */
        RUNS_CODE
    }

    public TaskType {
        aliases = List.copyOf(aliases);
        tags = List.copyOf(tags);
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    /** A type with no aliases, its family as category, no tags and no capabilities; refine it with the withers. */
    public static TaskType of(String name, Class<?> params, String description) {
        int dot = name.indexOf('.');
        return new TaskType(name, List.of(), dot < 0 ? name : name.substring(0, dot), List.of(), description, params,
                Set.of());
    }

    public TaskType aliases(String... names) {
        return new TaskType(name, List.of(names), category, tags, description, params, capabilities);
    }

    public TaskType category(String value) {
        return new TaskType(name, aliases, value, tags, description, params, capabilities);
    }

    public TaskType tags(String... values) {
        return new TaskType(name, aliases, category, List.of(values), description, params, capabilities);
    }

    public TaskType can(Capability... more) {
        Set<Capability> all = EnumSet.noneOf(Capability.class);
        all.addAll(capabilities);
        all.addAll(List.of(more));
        return new TaskType(name, aliases, category, tags, description, params, all);
    }

    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /** Whether a name a user wrote means this type. */
    public boolean answersTo(String written) {
        return name.equalsIgnoreCase(written) || aliases.stream().anyMatch(a -> a.equalsIgnoreCase(written));
    }

    static String key(String written) {
        return written.toLowerCase(Locale.ROOT);
    }
}
