package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container images as their Dockerfiles describe them (no container engine runs here): the image runs as a
 * non-root user, exposes the HTTP port, and every file it copies from the build context is one the context sends
 * (.dockerignore) and that exists in the checkout or is made by `./mvnw package` under target/.
 */
class DockerfileTest {

    private static final Path DOCKER = Path.of("src/main/docker");

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro"})
    void theImageRunsAsANonRootUserAndExposesTheHttpPort(String name) throws IOException {
        List<String> last = lastStage(instructions(name));

        String user = last.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElseThrow()
                .substring(5).strip();
        assertThat(user.split(":")[0]).as("the final USER").isNotIn("0", "root").matches("\\d+");
        assertThat(last).contains("EXPOSE 8080");
        assertThat(Properties.get("quarkus.http.port")).endsWith(":8080}");
        // The orchestrator's probes decide health (k8s/, the systemd timer); a HEALTHCHECK would need curl inside.
        assertThat(last).noneMatch(i -> i.startsWith("HEALTHCHECK"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro"})
    void everyCopiedPathIsSentByTheContextAndExistsOrIsBuiltByPackage(String name) throws IOException {
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(l -> l.startsWith("!")).map(l -> l.substring(1).replaceAll("/$", "")).toList();

        for (String copy : instructions(name).stream().filter(i -> i.startsWith("COPY ")).toList()) {
            List<String> words = new ArrayList<>(Arrays.asList(copy.split("\\s+")));
            if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                continue;
            }
            words.removeIf(w -> w.startsWith("--") || w.equals("COPY"));
            for (String source : words.subList(0, words.size() - 1)) {
                String path = source.replaceAll("/$", "");
                assertThat(ignore).as("%s: %s is sent by .dockerignore", name, path)
                        .anyMatch(kept -> path.equals(kept) || path.startsWith(kept + "/") || FileSystems
                                .getDefault().getPathMatcher("glob:" + kept).matches(Path.of(path)));
                if (!path.startsWith("target/")) {
                    assertThat(Path.of(path)).as("%s copies %s", name, path).exists();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.jvm"})
    void theJvmImageRecordsTheAotCacheWithItsOwnJvmAndLoadsIt(String name) throws IOException {
        String file = String.join("\n", instructions(name));

        assertThat(file).contains("-XX:AOTCacheOutput=/deployments/app.aot", "-XX:AOTCache=/deployments/app.aot",
                "FROM ${BASE_IMAGE}");
        assertThat(file).containsPattern("ARG BASE_IMAGE=\\S+openjdk-25\\S*:\\d");
    }

    /** The instructions of a Dockerfile, continuation lines joined, comments and blank lines left out. */
    private static List<String> instructions(String name) throws IOException {
        String text = Files.readString(DOCKER.resolve(name)).replaceAll("(?m)^\\s*#.*\\n", "").replace("\\\n", " ");
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static List<String> lastStage(List<String> instructions) {
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }
}
