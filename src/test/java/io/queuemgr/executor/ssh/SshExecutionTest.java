package io.queuemgr.executor.ssh;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.queuemgr.testing.TaskBuilder;
import io.restassured.path.json.JsonPath;

/** The SSH family wired into the service: submitted over REST, run by the dispatcher, refused with field names. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SshExecutionTest {

    @TempDir
    static Path dir;
    static SshServer server;

    @ConfigProperty(name = "queuemgr.secrets.dir")
    String secretsDir;

    @BeforeAll
    static void startServer() throws Exception {
        server = SshServer.start(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private TaskBuilder sshTask(String type) throws Exception {
        String secret = "ssh-key-" + UUID.randomUUID();
        Files.createDirectories(Path.of(secretsDir));
        Files.writeString(Path.of(secretsDir, secret), Files.readString(server.userKey));
        return aTask().ofType(type).withParam("host", "127.0.0.1").withParam("port", server.port)
                .withParam("username", server.user).withParam("privateKey", Map.of("secretRef", secret))
                .withParam("knownHosts", server.knownHosts.toString());
    }

    @Test
    void anSshExecuteTaskRunsTheCommandOnTheHostAndTakesTheFamilysCategoryAndTags() throws Exception {
        String id = submitted(sshTask("SSH_EXECUTE").withParam("command", "echo hello from $(hostname)"));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("type")).isEqualTo("ssh.exec");
        assertThat(done.getString("category")).isEqualTo("ssh");
        assertThat(done.getList("tags", String.class)).containsExactly("ssh", "command", "remote-execution");
        assertThat(done.getInt("result.exitStatus")).isZero();
        assertThat(done.getString("result.stdout")).startsWith("hello from ");
    }

    @Test
    void aFailingRemoteCommandEndsFailedWithItsCode() throws Exception {
        String id = submitted(sshTask("ssh.exec").withParam("command", "exit 5").with("maxRetries", 0));
        JsonPath done = awaitFinal(id);
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("SSH_COMMAND_FAILED");
        assertThat(done.getList("error.suggestions")).isNotEmpty();
    }

    @Test
    void paramsThatCannotWorkAreRefusedAtSubmissionNamingTheirFields() {
        TaskApi.submit(aTask().ofType("scp.sync").withParam("port", 0).withParam("username", "u")
                .withParam("password", "plain-text").withParam("hostKeyPolicy", "trust-all")
                .withParam("localPath", "/etc/passwd").withParam("remotePath", "/x")
                .withParam("direction", "sideways")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("params.host", "params.port", "params.password",
                        "params.hostKeyPolicy", "params.localPath", "params.direction"));
        TaskApi.submit(aTask().ofType("ssh.connect").withParam("host", "h").withParam("username", "u")
                .withParam("keyFile", "/etc/ssh/ssh_host_ed25519_key")).then().statusCode(400)
                .body("errors.field", hasItems("params.keyFile"));
        TaskApi.submit(aTask().ofType("ssh.exec").withParam("host", "h").withParam("username", "u")
                .withParam("command", "true")).then().statusCode(400)
                .body("errors.field", hasItems("params.password"));
    }
}
