package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install.sh and uninstall.sh with --root: what they lay out, keep and remove, below a temporary root. */
class InstallScriptTest {

    @TempDir
    Path tmp;

    @Test
    void installLaysOutTheProgramUnitSettingsAndDataWithTheirModes() throws Exception {
        Installation it = Installation.in(tmp);

        Script install = it.install();

        assertThat(install.exitCode()).as(install.stderr()).isZero();
        assertThat(it.path("/opt/queuemgr/quarkus-app/quarkus-run.jar")).hasContent("the runner jar");
        assertThat(it.path("/opt/queuemgr/quarkus-app/lib/main/dependency.jar")).hasContent("a dependency");
        assertThat(it.mode("/opt/queuemgr/quarkus-app/quarkus-run.jar")).isEqualTo("rw-r--r--");
        assertThat(it.mode("/opt/queuemgr/bin/queuemgr-server")).isEqualTo("rwxr-xr-x");
        assertThat(it.mode("/opt/queuemgr/bin/queuemgr-health-check")).isEqualTo("rwxr-xr-x");
        assertThat(it.path("/etc/systemd/system/queuemgr-health.timer")).exists();
        assertThat(it.path("/etc/systemd/system/queuemgr-health.service")).exists();
        assertThat(it.path("/opt/queuemgr/stack")).doesNotExist();
        assertThat(it.mode("/opt/queuemgr/bin/queuemgr-wait-ready")).isEqualTo("rwxr-xr-x");
        assertThat(it.mode("/etc/systemd/system/queuemgr.service")).isEqualTo("rw-r--r--");
        assertThat(it.path("/etc/systemd/system/queuemgr.service")).hasSameTextualContentAs(
                Script.DIR.resolve("queuemgr.service"));
        // The env file holds the database password; the secrets directory, the secrets.
        assertThat(it.mode("/etc/queuemgr/queuemgr.env")).isEqualTo("rw-r-----");
        assertThat(it.mode("/var/lib/queuemgr")).isEqualTo("rwxr-x---");
        assertThat(it.mode("/var/lib/queuemgr/work")).isEqualTo("rwxr-x---");
        assertThat(it.mode("/var/lib/queuemgr/secrets")).isEqualTo("rwx------");
        assertThat(Files.readString(it.path("/etc/queuemgr/queuemgr.env")))
                .contains("KAFKA_BOOTSTRAP_SERVERS=", "PG_HOST=", "PG_PASSWORD=")
                .contains("QUEUEMGR_SECRETS_DIR=/var/lib/queuemgr/secrets")
                .contains("QUEUEMGR_PATH_ROOTS=/tmp,/var/lib/queuemgr/work");
        assertThat(install.stderr()).contains("no user, ownership or systemctl");
    }

    @Test
    void installPutsTheCliInItsOwnFolderWithALinkOnPathThatUninstallRemoves() throws Exception {
        Installation it = Installation.in(tmp);

        Script install = it.install();

        assertThat(install.exitCode()).as(install.stderr()).isZero();
        assertThat(it.path("/opt/queuemgr/cli/queuemgr-cli.jar")).hasContent("the CLI jar");
        assertThat(it.mode("/opt/queuemgr/cli/queuemgr")).isEqualTo("rwxr-xr-x");
        assertThat(it.path("/opt/queuemgr/cli/queuemgr")).hasSameTextualContentAs(
                Script.DIR.resolve("../cli/queuemgr"));
        Path link = it.path("/usr/local/bin/queuemgr");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("/opt/queuemgr/cli/queuemgr"));

        Script uninstall = it.uninstall();

        assertThat(uninstall.exitCode()).as(uninstall.stderr()).isZero();
        assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(it.path("/opt/queuemgr/cli")).doesNotExist();
    }

    @Test
    void uninstallLeavesAQueuemgrCommandOnPathThatItDidNotInstall() throws Exception {
        Installation it = Installation.in(tmp);
        assertThat(it.install().exitCode()).isZero();
        Path link = it.path("/usr/local/bin/queuemgr");
        Files.delete(link);
        Files.writeString(link, "someone else's queuemgr");

        assertThat(it.uninstall().exitCode()).isZero();

        assertThat(link).hasContent("someone else's queuemgr");
    }

    @Test
    void installWritesAJavaOfVersion21OrNewerIntoTheEnvFile() throws Exception {
        Installation it = Installation.in(tmp);

        assertThat(it.install().exitCode()).isZero();

        Matcher line = Pattern.compile("(?m)^JAVA=(.+)$")
                .matcher(Files.readString(it.path("/etc/queuemgr/queuemgr.env")));
        assertThat(line.find()).as("a JAVA= line").isTrue();
        Path bin = Path.of(line.group(1));
        assertThat(bin).isExecutable();
        Script version = Script.command(Map.of(), List.of(bin.toString(), "-version"));
        Matcher major = Pattern.compile("version \"(\\d+)").matcher(version.stderr());
        assertThat(major.find()).as(version.stderr()).isTrue();
        assertThat(Integer.parseInt(major.group(1))).isGreaterThanOrEqualTo(21);
    }

    @Test
    void reinstallReplacesTheProgramAndNeverOverwritesAnExistingEnvFile() throws Exception {
        Installation it = Installation.in(tmp);
        assertThat(it.install().exitCode()).isZero();
        Path env = it.path("/etc/queuemgr/queuemgr.env");
        Files.writeString(env, "KAFKA_BOOTSTRAP_SERVERS=kafka.example:9092\n");
        Files.writeString(it.app().resolve("quarkus-run.jar"), "the next version");

        Script again = it.install();

        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(env).hasContent("KAFKA_BOOTSTRAP_SERVERS=kafka.example:9092");
        assertThat(it.path("/opt/queuemgr/quarkus-app/quarkus-run.jar")).hasContent("the next version");
        assertThat(again.stderr()).contains("kept " + env);
    }

    @Test
    void installRefusesWhenNoJarWasBuilt() throws Exception {
        Installation it = Installation.in(tmp);
        Files.delete(it.app().resolve("quarkus-run.jar"));

        Script install = it.install();

        assertThat(install.exitCode()).isNotZero();
        assertThat(install.stderr()).contains("./mvnw package");
        assertThat(it.path("/opt/queuemgr")).doesNotExist();
    }

    @Test
    void uninstallRemovesTheProgramAndUnitAndKeepsSettingsAndData() throws Exception {
        Installation it = Installation.in(tmp);
        assertThat(it.install().exitCode()).isZero();
        Files.writeString(it.path("/var/lib/queuemgr/secrets/DB_TOKEN"), "s3cret");
        Files.writeString(it.path("/var/lib/queuemgr/admin-token"), "qm_admin");

        Script uninstall = it.uninstall();

        assertThat(uninstall.exitCode()).as(uninstall.stderr()).isZero();
        assertThat(it.path("/opt/queuemgr")).doesNotExist();
        assertThat(it.path("/etc/systemd/system/queuemgr.service")).doesNotExist();
        assertThat(it.path("/etc/systemd/system/queuemgr-health.timer")).doesNotExist();
        assertThat(it.path("/etc/queuemgr/queuemgr.env")).exists();
        assertThat(it.path("/var/lib/queuemgr/secrets/DB_TOKEN")).hasContent("s3cret");
        assertThat(it.path("/var/lib/queuemgr/admin-token")).hasContent("qm_admin");
    }

    @Test
    void uninstallWithPurgeRemovesSettingsAndDataToo() throws Exception {
        Installation it = Installation.in(tmp);
        assertThat(it.install().exitCode()).isZero();
        Files.writeString(it.path("/var/lib/queuemgr/secrets/DB_TOKEN"), "s3cret");

        Script purge = it.uninstall("--purge");

        assertThat(purge.exitCode()).as(purge.stderr()).isZero();
        assertThat(it.path("/opt/queuemgr")).doesNotExist();
        assertThat(it.path("/etc/systemd/system/queuemgr.service")).doesNotExist();
        assertThat(it.path("/etc/queuemgr")).doesNotExist();
        assertThat(it.path("/var/lib/queuemgr")).doesNotExist();
        // Only what the installer made goes: the root's own directories stay.
        assertThat(it.path("/etc/systemd/system")).isDirectory();
        assertThat(it.path("/var/lib")).isDirectory();
    }
}
