package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.messaging.Topics;

/** What sets the dev and prod overlays apart, the least RBAC, and the HPA alternative to KEDA. */
class KubernetesOverlaysTest {

    /** What the Kubernetes executors need, resource by resource: nothing else, nothing more. */
    private static final Map<String, String> LEAST_RBAC = Map.of(
            "apps/deployments", "create,delete,get,list,patch,watch",
            "apps/deployments/scale", "get,patch",
            "apps/replicasets", "get,list,watch",
            "/pods", "delete,get,list,watch",
            "/pods/log", "get",
            "/pods/exec", "create",
            "batch/jobs", "create,delete,get,list,patch,watch");

    @TempDir
    Path tmp;

    @Test
    void devRunsOneSmallReplicaInItsOwnNamespaceWithoutAnAutoscaler() throws Exception {
        Manifests dev = Manifests.render("overlays/dev");

        assertThat(dev.workload().path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(dev.objects()).allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText())
                .isEqualTo("queuemgr-dev"));
        assertThat(dev.container().path("resources").path("limits").path("memory").asText()).isEqualTo("512Mi");
        assertThat(dev.ofKind("ScaledObject")).isEmpty();
        assertThat(dev.ofKind("HorizontalPodAutoscaler")).isEmpty();
    }

    @Test
    void prodRunsThreeSpreadReplicasWithABudgetAlertsAndKeda() throws Exception {
        Manifests prod = Manifests.render("overlays/prod");

        assertThat(prod.workload().path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(prod.one("PodDisruptionBudget", "queuemgr").path("spec").path("maxUnavailable").asInt())
                .isEqualTo(1);
        JsonNode pod = prod.podSpec();
        assertThat(pod.path("affinity").path("podAntiAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")
                .path(0).path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
        assertThat(pod.path("topologySpreadConstraints").path(0).path("topologyKey").asText())
                .isEqualTo("topology.kubernetes.io/zone");
        assertThat(prod.ofKind("PrometheusRule")).hasSize(1);
        JsonNode scaled = prod.one("ScaledObject", "queuemgr").path("spec");
        assertThat(scaled.path("minReplicaCount").asInt()).isEqualTo(3);
        assertThat(scaled.path("scaleTargetRef").path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(scaled.path("scaleTargetRef").path("name").asText()).isEqualTo("queuemgr");
    }

    @Test
    void kedaWatchesTheLagOfTheDispatchGroupOnTheTaskTopic() throws Exception {
        Manifests prod = Manifests.render("overlays/prod");
        String prefix = prod.setting("QUEUEMGR_TOPIC_PREFIX");
        // The group that reads the task topic, as the dispatcher names it.
        String dispatcher = Files.readString(Path.of("src/main/java/io/queuemgr/dispatch/TaskDispatcher.java"));
        Matcher group = Pattern.compile("topics\\.group\\(\"([^\"]+)\"\\)[^;]*topics\\.tasks\\(\\)")
                .matcher(dispatcher);
        assertThat(group.find()).as("the dispatch group in TaskDispatcher").isTrue();

        JsonNode trigger = prod.one("ScaledObject", "queuemgr").path("spec").path("triggers").path(0);

        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        assertThat(trigger.path("metadata").path("topic").asText()).isEqualTo(prefix + "." + Topics.TASKS);
        assertThat(trigger.path("metadata").path("consumerGroup").asText()).isEqualTo(prefix + "." + group.group(1));
        assertThat(trigger.path("metadata").path("bootstrapServers").asText())
                .isEqualTo(prod.setting("KAFKA_BOOTSTRAP_SERVERS"));
    }

    @Test
    void theServiceAccountGetsOnlyTheVerbsTheKubernetesExecutorsNeedInItsNamespace() throws Exception {
        Manifests prod = Manifests.render("overlays/prod");

        assertThat(prod.ofKind("ClusterRole")).isEmpty();
        assertThat(prod.ofKind("ClusterRoleBinding")).isEmpty();
        Map<String, String> granted = Manifests.list(prod.one("Role", "queuemgr-executor").path("rules")).stream()
                .flatMap(rule -> Manifests.list(rule.path("resources")).stream()
                        .map(resource -> Map.entry(rule.path("apiGroups").path(0).asText() + "/" + resource.asText(),
                                Manifests.list(rule.path("verbs")).stream().map(JsonNode::asText).sorted()
                                        .collect(Collectors.joining(",")))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a + "+" + b));
        assertThat(granted).isEqualTo(LEAST_RBAC);

        JsonNode subject = prod.one("RoleBinding", "queuemgr-executor").path("subjects").path(0);
        assertThat(subject.path("name").asText()).isEqualTo(prod.podSpec().path("serviceAccountName").asText());
        assertThat(subject.path("namespace").asText()).isEqualTo("queuemgr");
        assertThat(prod.one("ServiceAccount", "queuemgr").path("automountServiceAccountToken").asBoolean(true))
                .isFalse();
        assertThat(prod.podSpec().path("automountServiceAccountToken").asBoolean()).isTrue();
    }

    @Test
    void theHpaComponentScalesTheStatefulSetWhereKedaIsNotInstalled() throws Exception {
        // Kustomize refuses absolute paths: the test overlay names base and component relative to itself.
        Path overlay = Files.createDirectories(tmp.resolve("hpa"));
        Files.writeString(overlay.resolve("kustomization.yaml"), String.join("\n",
                "apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization",
                "resources: [" + overlay.relativize(Manifests.K8S.resolve("base")) + "]",
                "components: [" + overlay.relativize(Manifests.K8S.resolve("components/hpa")) + "]", ""));

        JsonNode hpa = Manifests.render(overlay).one("HorizontalPodAutoscaler", "queuemgr").path("spec");

        assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo("queuemgr");
        assertThat(hpa.path("maxReplicas").asInt()).isBetween(hpa.path("minReplicas").asInt(), 12);
        assertThat(List.of(hpa.path("metrics").path(0).path("resource").path("name").asText())).containsExactly("cpu");
    }
}
