package io.queuemgr.executor.system;

import static io.queuemgr.testing.TaskApi.awaitFinal;
import static io.queuemgr.testing.TaskApi.submitted;
import static io.queuemgr.testing.TaskBuilder.aTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.queuemgr.testing.LocalStackResource;
import io.queuemgr.testing.TaskApi;
import io.restassured.path.json.JsonPath;

/** The system types wired into the service: submitted over REST by their seed names, run, and refused when wrong. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SystemExecutionTest {

    @TempDir
    Path dir;

    @Test
    void aBackupSubmittedAsSystemBackupWritesItsArchive() throws IOException {
        Files.writeString(dir.resolve("data.txt"), "keep me");
        Path archive = dir.resolve("out.tar.gz");
        JsonPath done = awaitFinal(submitted(aTask().ofType("SYSTEM_BACKUP")
                .withParam("paths", List.of(dir.resolve("data.txt").toString()))
                .withParam("destination", archive.toString())));
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getString("type")).isEqualTo("system.backup");
        assertThat(done.getString("category")).isEqualTo("system");
        assertThat(done.getLong("result.files")).isEqualTo(1);
        assertThat(archive).exists();
    }

    @Test
    void monitorPastItsLimitFailsWithTheMeasurementKept() {
        JsonPath done = awaitFinal(submitted(aTask().ofType("SYSTEM_MONITOR").withParam("sampleMillis", 100)
                .withParam("maxDiskPercent", 0).withParam("paths", List.of("/tmp")).with("maxRetries", 0)));
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("SYSTEM_DISK_SPACE");
        assertThat(done.getString("error.context.threshold")).isEqualTo("0.0");
        assertThat(done.getLong("result.memory.totalMb")).isPositive();
    }

    @Test
    void updateIsOffWithoutAConfiguredCommand() {
        JsonPath done = awaitFinal(submitted(aTask().ofType("system.update")));
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getString("error.code")).isEqualTo("SYSTEM_UPDATE_DISABLED");
        assertThat(done.getBoolean("error.retryable")).isFalse();
    }

    @Test
    void aCleanupWithAnAgeThatIsNoDurationIsRefusedAsParamsOlderThan() {
        TaskApi.submit(aTask().ofType("system.cleanup").withParam("directories", List.of(dir.toString()))
                .withParam("olderThan", "a week")).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("params.olderThan"));
    }
}
