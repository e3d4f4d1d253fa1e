package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.queuemgr.config.DispatchConfig;
import io.smallrye.config.WithDefault;

/**
 * What every rendering of k8s/ must hold, whatever the overlay: checked on the objects `kubectl kustomize` prints,
 * against the service's own settings (no API server is needed, none runs here).
 */
class KustomizeRenderTest {

    /** What SmallRye Health serves under its default root, which application.properties does not move. */
    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/live", "/q/health/ready", "/q/health/started");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyObjectHasAKindAnApiVersionAndAName(String dir) throws Exception {
        for (JsonNode object : Manifests.render(dir).objects()) {
            assertThat(object.path("apiVersion").asText()).as("apiVersion of %s", object).isNotBlank();
            assertThat(object.path("kind").asText()).as("kind of %s", object).isNotBlank();
            assertThat(object.path("metadata").path("name").asText()).as("name of %s", object).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void probesAskHealthPathsTheServiceServesOnItsHttpPort(String dir) throws Exception {
        Manifests k8s = Manifests.render(dir);
        JsonNode container = k8s.container();
        JsonNode port = container.path("ports").path(0);
        assertThat(Properties.get("quarkus.smallrye-health.root-path")).isNull();
        assertThat(Properties.get("quarkus.http.port")).isEqualTo("${QUEUEMGR_HTTP_PORT:8080}");
        assertThat(port.path("containerPort").asText()).isEqualTo(k8s.setting("QUEUEMGR_HTTP_PORT"));

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("path").asText()).as(probe).isIn(HEALTH_PATHS);
            assertThat(get.path("port").asText()).as(probe).isEqualTo(port.path("name").asText());
        }
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/q/health/ready");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void terminationGraceCoversThePreStopPauseAndTheServicesShutdownAndStopGrace(String dir) throws Exception {
        Manifests k8s = Manifests.render(dir);
        Duration shutdownGrace = Duration.parse(setting(k8s, "shutdownGrace", "QUEUEMGR_DISPATCH_SHUTDOWN_GRACE"));
        Duration stopGrace = Duration.parse(setting(k8s, "stopGrace", "QUEUEMGR_DISPATCH_STOP_GRACE"));
        List<JsonNode> preStop = Manifests.list(k8s.container().path("lifecycle").path("preStop").path("exec")
                .path("command"));
        assertThat(preStop).extracting(JsonNode::asText).first().isEqualTo("sleep");
        Duration pause = Duration.ofSeconds(preStop.get(1).asLong());
        Duration needed = pause.plus(shutdownGrace).plus(stopGrace).plusSeconds(10);

        Duration grace = Duration.ofSeconds(k8s.podSpec().path("terminationGracePeriodSeconds").asLong());

        // Enough for the service to hand its work back cleanly, and not so much that a hung pod lingers.
        assertThat(grace).isBetween(needed, needed.plusSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void containersRunAsNonRootWithoutPrivilegesOnAReadOnlyRoot(String dir) throws Exception {
        Manifests k8s = Manifests.render(dir);
        JsonNode pod = k8s.podSpec().path("securityContext");
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asInt()).isPositive();
        assertThat(pod.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        for (JsonNode container : k8s.podSpec().path("containers")) {
            JsonNode security = container.path("securityContext");
            assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(security.path("privileged").asBoolean()).isFalse();
            assertThat(Manifests.list(security.path("capabilities").path("drop"))).extracting(JsonNode::asText)
                    .containsExactly("ALL");
            assertThat(security.path("capabilities").has("add")).isFalse();
            assertThat(container.path("resources").path("limits").path("memory").asText()).isNotBlank();
            assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotBlank();
        }
        assertThat(mountPaths(k8s, "emptyDir")).contains("/tmp");
        // The root is read-only: the data directory (the registry checkpoint) must be a volume, and one that
        // outlives the pod, so that a rolling update's new pod reads the checkpoint instead of the whole topic.
        assertThat(Properties.get("queuemgr.data-dir")).startsWith("${QUEUEMGR_DATA:");
        assertThat(claimMountPaths(k8s)).containsExactly(k8s.setting("QUEUEMGR_DATA"));
        String governing = k8s.workload().path("spec").path("serviceName").asText();
        assertThat(k8s.one("Service", governing).path("spec").path("clusterIP").asText()).isEqualTo("None");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void imagesArePinnedToATag(String dir) throws Exception {
        for (JsonNode container : Manifests.render(dir).podSpec().path("containers")) {
            String image = container.path("image").asText();
            Matcher tag = Pattern.compile(":([^/:@]+)$").matcher(image);
            assertThat(tag.find() || image.contains("@sha256:")).as(image).isTrue();
            assertThat(image).as("image").doesNotEndWith(":latest");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void taskSecretsAreMountedWhereTheServiceReadsSecrets(String dir) throws Exception {
        Manifests k8s = Manifests.render(dir);
        assertThat(Properties.get("queuemgr.secrets.dir")).startsWith("${QUEUEMGR_SECRETS_DIR:");
        String secretsDir = k8s.setting("QUEUEMGR_SECRETS_DIR");

        assertThat(mountPaths(k8s, "secret")).containsExactly(secretsDir);
        JsonNode volume = volume(k8s, "secret");
        assertThat(k8s.find("Secret", volume.path("secret").path("secretName").asText())).isPresent();
        assertThat(k8s.find("Secret", "queuemgr-secret").orElseThrow().path("stringData")
                .has("QUEUEMGR_BOOTSTRAP_TOKEN")).isTrue();
    }

    private static String setting(Manifests k8s, String method, String env) throws Exception {
        String configured = k8s.setting(env);
        if (configured != null) {
            return configured;
        }
        return DispatchConfig.class.getMethod(method).getAnnotation(WithDefault.class).value();
    }

    /** Where the volumes of this type are mounted. */
    private static List<String> mountPaths(Manifests k8s, String volumeType) {
        List<String> names = Manifests.list(k8s.podSpec().path("volumes")).stream().filter(v -> v.has(volumeType))
                .map(v -> v.path("name").asText()).toList();
        return Manifests.list(k8s.container().path("volumeMounts")).stream()
                .filter(m -> names.contains(m.path("name").asText())).map(m -> m.path("mountPath").asText())
                .toList();
    }

    /** Where the pod's own claims (the StatefulSet's volume claim templates) are mounted. */
    private static List<String> claimMountPaths(Manifests k8s) {
        List<String> names = Manifests.list(k8s.workload().path("spec").path("volumeClaimTemplates")).stream()
                .map(c -> c.path("metadata").path("name").asText()).toList();
        return Manifests.list(k8s.container().path("volumeMounts")).stream()
                .filter(m -> names.contains(m.path("name").asText())).map(m -> m.path("mountPath").asText())
                .toList();
    }

    private static JsonNode volume(Manifests k8s, String volumeType) {
        return Manifests.list(k8s.podSpec().path("volumes")).stream().filter(v -> v.has(volumeType)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + volumeType + " volume"));
    }
}
