package io.queuemgr.executor.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of a task's process: PATH, HOME and LANG (the service's, or sane defaults), the service variables
 * the operator passes through, then the task's own. The rest of the service's environment (database passwords,
 * cloud credentials) stays with the service.
 */
record ChildEnvironment(Map<String, String> service, List<String> passthrough) {

    static final Map<String, String> DEFAULTS = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin",
            "HOME", "/tmp",
            "LANG", "C.UTF-8");

    ChildEnvironment {
        service = Map.copyOf(service);
        passthrough = List.copyOf(passthrough);
    }

    /** The variables for a process of a task that names {@code own}; the task's own win. */
    Map<String, String> with(Map<String, String> own) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("PATH", "HOME", "LANG")) {
            env.put(name, service.getOrDefault(name, DEFAULTS.get(name)));
        }
        for (String name : passthrough) {
            String value = service.get(name.strip());
            if (value != null) {
                env.put(name.strip(), value);
            }
        }
        env.putAll(own);
        return env;
    }
}
