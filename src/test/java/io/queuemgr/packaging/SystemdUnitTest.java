package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    void systemdAnalyzeVerifyFindsNothingToSayOfAnyInstalledUnit() throws Exception {
        Path unit = installedUnit();
        List<String> command = new ArrayList<>(List.of(SYSTEMD_ANALYZE.toString(), "verify"));
        try (Stream<Path> units = Files.list(unit.getParent())) {
            units.filter(Files::isRegularFile).map(Path::toString).sorted().forEach(command::add);
        }
        assertThat(command).as("queuemgr, its health check and timer, Kafka, PostgreSQL").hasSize(2 + 5);

        Script verify = Script.command(Map.of(), command);

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
        assertThat(value(unit, "ExecStart")).isEqualTo("/opt/queuemgr/bin/queuemgr-server");
    }

    @Test
    void theHealthTimerComesAndGoesWithTheServiceAndRunsTheLivenessCheck() throws Exception {
        String unit = Files.readString(Script.DIR.resolve("queuemgr.service"));
        String timer = Files.readString(Script.DIR.resolve("queuemgr-health.timer"));
        String check = Files.readString(Script.DIR.resolve("queuemgr-health.service"));

        assertThat(unit).contains("Wants=queuemgr-health.timer");
        assertThat(value(timer, "PartOf")).isEqualTo("queuemgr.service");
        assertThat(value(timer, "OnUnitActiveSec")).isEqualTo("30s");
        assertThat(value(check, "ExecStart")).isEqualTo("/opt/queuemgr/bin/queuemgr-health-check");
        assertThat(value(check, "Type")).isEqualTo("oneshot");
    }

    private Path installedUnit() throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze is not installed");
        Installation it = Installation.in(tmp);
        Script install = it.installWithLocalStack();
        assertThat(install.exitCode()).as(install.stderr()).isZero();
        // Every unit under its own file name, since systemd-analyze names a unit after it, in one directory that
        // verify searches for the units they name (Wants=, After=).
        Path dir = Files.createDirectories(tmp.resolve("verify"));
        try (Stream<Path> units = Files.list(it.path("/etc/systemd/system"))) {
            for (Path unit : units.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(unit).replace("/opt/queuemgr", it.path("/opt/queuemgr").toString());
                Files.writeString(dir.resolve(unit.getFileName()), text);
            }
        }
        return dir.resolve("queuemgr.service");
    }

    private static String value(String unit, String key) {
        Matcher line = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
        assertThat(line.find()).as(key + "= in the unit").isTrue();
        return line.group(1).strip();
    }
}
