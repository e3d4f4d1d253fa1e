package io.queuemgr.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.queuemgr.task.TaskFailure;

class SecretStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private SecretStore store(Map<String, String> environment) {
        return new SecretStore(dir, "QUEUEMGR_SECRET_", environment::get);
    }

    @Test
    void aFileIsReadWithOneTrailingNewlineDropped() throws IOException {
        Files.writeString(dir.resolve("db-password"), "hunter2\n\n");
        assertThat(store(Map.of()).find("db-password")).contains("hunter2\n");
    }

    @Test
    void theDirectoryComesBeforeTheEnvironment() throws IOException {
        Files.writeString(dir.resolve("token"), "from-file");
        assertThat(store(Map.of("QUEUEMGR_SECRET_token", "from-env")).find("token")).contains("from-file");
    }

    @Test
    void aNameWithDotsOrDashesIsAlsoFoundAsAShellVariable() {
        assertThat(store(Map.of("QUEUEMGR_SECRET_API_TOKEN", "t")).find("api-token")).contains("t");
        assertThat(store(Map.of("QUEUEMGR_SECRET_api-token", "exact")).find("api-token")).contains("exact");
    }

    @Test
    void aNameThatCouldLeaveTheDirectoryIsNeverLookedUp() throws IOException {
        Files.writeString(dir.resolve("..hidden"), "x");
        assertThat(store(Map.of()).find("../etc/passwd")).isEmpty();
        assertThat(store(Map.of()).find("..hidden")).isEmpty();
    }

    @Test
    void anUnknownSecretFailsTheRunNamingItButNoValue() throws Exception {
        TaskSecrets secrets = store(Map.of()).forRun();
        assertThatThrownBy(() -> secrets.resolve("params.env.TOKEN", JSON.readTree("{\"secretRef\":\"nope\"}")))
                .isInstanceOfSatisfying(TaskFailure.class, f -> {
                    assertThat(f.error().code()).isEqualTo("SECRET_NOT_FOUND");
                    assertThat(f.error().retryable()).isFalse();
                    assertThat(f.error().message()).contains("nope").contains("QUEUEMGR_SECRET_nope");
                });
    }

    @Test
    void aResolvedSecretIsHiddenFromThatRunOnly() throws Exception {
        SecretStore store = store(Map.of("QUEUEMGR_SECRET_k", "v4lue"));
        TaskSecrets run = store.forRun();
        assertThat(run.resolveAll("params.env", JSON.readTree("{\"A\":\"plain\",\"B\":{\"secretRef\":\"k\"}}")))
                .containsExactly(Map.entry("A", "plain"), Map.entry("B", "v4lue"));
        assertThat(run.redactor().redact("v4lue")).isEqualTo("***");
        assertThat(store.forRun().redactor().redact("v4lue")).isEqualTo("v4lue");
    }

    @Test
    void aReferenceMustHoldExactlyAWellFormedName() throws Exception {
        assertThat(SecretRef.problem(JSON.readTree("{\"secretRef\":\"ok_name.1\"}"))).isNull();
        assertThat(SecretRef.problem(JSON.readTree("\"literal\""))).isNull();
        assertThat(SecretRef.problem(JSON.readTree("{\"secretRef\":\"a\",\"x\":1}"))).contains("exactly one");
        assertThat(SecretRef.problem(JSON.readTree("{\"secretRef\":\"../x\"}"))).contains("must name a secret");
        assertThat(SecretRef.problem(JSON.readTree("{\"secretRef\":3}"))).contains("must name a secret");
        assertThat(SecretRef.problem(JSON.readTree("{\"ref\":\"a\"}"))).contains("secretRef");
        assertThat(SecretRef.problem(JSON.readTree("42"))).contains("secretRef");
    }
}
