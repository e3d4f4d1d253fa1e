package io.queuemgr.executor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.queuemgr.error.Problem.FieldError;
import io.queuemgr.executor.AllowedPath;
import io.queuemgr.guard.PathGuard;
import io.queuemgr.json.JsonRecords;
import io.queuemgr.testing.PlainRecords;

/** The system types' params as submission checks them, each wrong one named as params.field. */
class SystemParamsTest {

    private final JsonRecords records = PlainRecords.with(new AllowedPath.Check(new PathGuard(List.of("/tmp"))));

    private List<String> fields(String params, Class<?> type) throws Exception {
        return records.read(PlainRecords.MAPPER.readTree(params), type, "params", "is not a parameter").errors()
                .stream().map(FieldError::field).toList();
    }

    @Test
    void aCleanupNeedsExactlyOneAgeThatParses() throws Exception {
        assertThat(fields("{\"directories\":[\"/tmp/x\"],\"olderThan\":\"P7D\"}", CleanupParams.class)).isEmpty();
        assertThat(fields("{\"directories\":[\"/tmp/x\"],\"olderThanDays\":3}", CleanupParams.class)).isEmpty();
        assertThat(fields("{\"directories\":[\"/tmp/x\"]}", CleanupParams.class)).containsExactly("params.olderThan");
        assertThat(fields("{\"directories\":[\"/tmp/x\"],\"olderThan\":\"P7D\",\"olderThanDays\":7}",
                CleanupParams.class)).containsExactly("params.olderThan");
        assertThat(fields("{\"directories\":[\"/tmp/x\"],\"olderThan\":\"a week\"}", CleanupParams.class))
                .containsExactly("params.olderThan");
        assertThat(fields("{\"directories\":[\"/tmp/x\"],\"olderThanDays\":1,\"pattern\":\"[a\"}",
                CleanupParams.class)).containsExactly("params.pattern");
    }

    @Test
    void cleanupAndBackupPathsMustLieUnderTheAllowedRoots() throws Exception {
        assertThat(fields("{\"directories\":[\"/etc\"],\"olderThanDays\":1}", CleanupParams.class))
                .containsExactly("params.directories[0]");
        assertThat(fields("{\"paths\":[\"/tmp/a\",\"/var/lib\"],\"destination\":\"/root/b.tgz\"}",
                BackupParams.class)).containsExactlyInAnyOrder("params.paths[1]", "params.destination");
        assertThat(fields("{\"paths\":[],\"destination\":\"/tmp/b.tgz\"}", BackupParams.class))
                .containsExactly("params.paths");
        assertThat(fields("{\"paths\":[\"/tmp/a\"]}", BackupParams.class)).containsExactly("params.destination");
    }

    @Test
    void monitorLimitsAndChoicesAreChecked() throws Exception {
        assertThat(fields("{}", MonitorParams.class)).isEmpty();
        assertThat(fields("{\"sortBy\":\"disk\",\"sampleMillis\":1,\"maxCpuPercent\":120,\"top\":-1}",
                MonitorParams.class)).containsExactlyInAnyOrder("params.sortBy", "params.sampleMillis",
                        "params.maxCpuPercent", "params.top");
    }

    @Test
    void updateTakesNoParams() throws Exception {
        assertThat(fields("{}", UpdateParams.class)).isEmpty();
        assertThat(fields("{\"command\":\"rm\"}", UpdateParams.class)).containsExactly("params.command");
    }
}
