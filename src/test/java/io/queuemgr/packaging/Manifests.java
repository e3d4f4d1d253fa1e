package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The objects `kubectl kustomize` renders from one kustomization directory, and lookups among them. */
record Manifests(String source, List<JsonNode> objects) {

    static final Path K8S = Path.of("k8s").toAbsolutePath();
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    /** Renders {@code k8s/<dir>} (or any directory) as kubectl would before applying it. */
    static Manifests render(Path dir) throws IOException, InterruptedException {
        String kubectl = Files.isExecutable(KUBECTL) ? KUBECTL.toString() : "kubectl";
        Script run = Script.command(Map.of(), List.of(kubectl, "kustomize", dir.toString()));
        assertThat(run.exitCode()).as("kubectl kustomize %s: %s", dir, run.stderr()).isZero();
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(run.stdout())) {
            docs.forEachRemaining(doc -> {
                if (doc != null && !doc.isEmpty()) {
                    objects.add(doc);
                }
            });
        }
        assertThat(objects).as("objects rendered from %s", dir).isNotEmpty();
        return new Manifests(dir.toString(), objects);
    }

    static Manifests render(String k8sDir) throws IOException, InterruptedException {
        return render(K8S.resolve(k8sDir));
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode one(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(source + " renders no " + kind + " " + name));
    }

    /** The service's pods: a StatefulSet, so that each keeps its data directory (k8s/base/statefulset.yaml). */
    JsonNode workload() {
        return one("StatefulSet", "queuemgr");
    }

    JsonNode podSpec() {
        return workload().path("spec").path("template").path("spec");
    }

    JsonNode container() {
        return podSpec().path("containers").path(0);
    }

    /** The container's environment variable, or the ConfigMap's value it takes by envFrom. */
    String setting(String name) {
        for (JsonNode env : container().path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env.path("value").asText();
            }
        }
        return one("ConfigMap", "queuemgr-config").path("data").path(name).asText(null);
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
