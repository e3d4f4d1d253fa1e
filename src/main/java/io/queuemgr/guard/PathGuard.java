package io.queuemgr.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.task.ErrorCode;
import io.queuemgr.task.TaskFailure;

/**
 * Keeps the files a task names under the configured roots. At submission a path is made absolute (against the
 * service's working directory, as the executors resolve it) and its '..' resolved; when the task runs, links are
 * followed too, so that a link planted under a root cannot lead out of it.
 */
@ApplicationScoped
public class PathGuard {

    private final List<Path> roots;

    @Inject
    public PathGuard(GuardConfig config) {
        this(config.pathRoots());
    }

    public PathGuard(List<String> roots) {
        Set<Path> all = new LinkedHashSet<>();
        for (String root : roots) {
            if (root.isBlank()) {
                continue;
            }
            Path normal = normal(root.strip());
            all.add(normal);
            // /tmp may itself be a link (macOS: /private/tmp); the real path of a file under it starts there.
            real(normal).ifPresent(all::add);
        }
        this.roots = List.copyOf(all);
    }

    /** For a params check at submission: what is wrong with the path, or null when it lies under a root. */
    public String problem(JsonNode value) {
        return problem(value.asText());
    }

    public String problem(String path) {
        Path normal;
        try {
            normal = normal(path);
        } catch (InvalidPathException e) {
            return "is not a valid path";
        }
        return inside(normal) ? null : outside(normal);
    }

    /** Fails with PATH_NOT_ALLOWED when the path, links followed, leads outside the roots. */
    public void checkWhenRunning(String field, String path) {
        Path normal = normal(path);
        Path real = real(normal).orElse(normal);
        if (!inside(normal) || !inside(real)) {
            throw new TaskFailure(ErrorCode.PATH_NOT_ALLOWED.toError(field + " " + outside(real),
                    Map.of("field", field, "path", path)));
        }
    }

    public List<Path> roots() {
        return roots;
    }

    private boolean inside(Path path) {
        return roots.stream().anyMatch(path::startsWith);
    }

    private String outside(Path path) {
        List<String> names = new ArrayList<>();
        roots.forEach(r -> names.add(r.toString()));
        return path + " is outside the allowed roots (" + String.join(", ", names) + "; queuemgr.guard.path-roots)";
    }

    static Path normal(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    private static java.util.Optional<Path> real(Path path) {
        if (!Files.exists(path)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(path.toRealPath());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
