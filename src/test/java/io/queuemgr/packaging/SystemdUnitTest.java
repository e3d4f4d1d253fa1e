package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * queuemgr.service as systemd reads it. systemd-analyze checks that the programs a unit starts exist, and systemd
 * is not PID 1 on the build machines, so the unit is checked as installed below a temporary root, with its
 * /opt/queuemgr paths pointed there.
 */
class SystemdUnitTest {

    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    Path tmp;

    @Test
    void systemdAnalyzeVerifyFindsNothingToSayOfTheInstalledUnit() throws Exception {
        Path unit = installedUnit();

        Script verify = Script.command(Map.of(), List.of(SYSTEMD_ANALYZE.toString(), "verify", unit.toString()));

        // verify exits 0 on unknown keys and unparsable values and only warns: any word from it is a fault.
        assertThat(verify.exitCode()).as(verify.stderr()).isZero();
        assertThat(verify.stderr() + verify.stdout()).isEmpty();
    }

    @Test
    void systemdRatesTheUnitsSandboxAsLowExposure() throws Exception {
        Path unit = installedUnit();

        Script security = Script.command(Map.of(),
                List.of(SYSTEMD_ANALYZE.toString(), "security", "--offline=true", "--no-pager", unit.toString()));

        Matcher level = Pattern.compile("Overall exposure level for queuemgr.service: (\\d+\\.\\d)").matcher(
                security.stdout() + security.stderr());
        assertThat(level.find()).as(security.stdout() + security.stderr()).isTrue();
        // 0 is a sandbox with nothing, 10 none at all; this unit scores 1.7 with the network its tasks need.
        assertThat(Double.parseDouble(level.group(1))).isLessThan(2.0);
    }

    @Test
    void stopGivesRunningTasksMoreThanTheShutdownAndStopGrace() throws Exception {
        String unit = Files.readString(Script.DIR.resolve("queuemgr.service"));

        // queuemgr.dispatch.shutdown-grace (30 s) for running tasks, then stop-grace (10 s) for their executors.
        assertThat(Duration.ofSeconds(Long.parseLong(value(unit, "TimeoutStopSec"))))
                .isGreaterThan(Duration.ofSeconds(40));
        assertThat(value(unit, "KillSignal")).isEqualTo("SIGTERM");
        // Tasks' processes must not get SIGTERM together with the JVM, or the grace would be lost.
        assertThat(value(unit, "KillMode")).isEqualTo("mixed");
        assertThat(value(unit, "Restart")).isEqualTo("on-failure");
        assertThat(value(unit, "User")).isEqualTo("queuemgr");
        assertThat(value(unit, "EnvironmentFile")).isEqualTo("/etc/queuemgr/queuemgr.env");
        assertThat(value(unit, "ReadWritePaths")).isEqualTo("/var/lib/queuemgr");
    }

    private Path installedUnit() throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze is not installed");
        Installation it = Installation.in(tmp);
        Script install = it.install();
        assertThat(install.exitCode()).as(install.stderr()).isZero();
        String unit = Files.readString(it.path("/etc/systemd/system/queuemgr.service"));
        // The same file name, since systemd-analyze names the unit after it.
        Path adjusted = Files.createDirectories(tmp.resolve("verify")).resolve("queuemgr.service");
        Files.writeString(adjusted, unit.replace("/opt/queuemgr", it.path("/opt/queuemgr").toString()));
        return adjusted;
    }

    private static String value(String unit, String key) {
        Matcher line = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
        assertThat(line.find()).as(key + "= in the unit").isTrue();
        return line.group(1).strip();
    }
}
