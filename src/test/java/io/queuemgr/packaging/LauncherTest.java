package io.queuemgr.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/queuemgr-server, the unit's ExecStart: which java it runs, with what, and what it refuses. */
class LauncherTest {

    @TempDir
    Path home;

    @Test
    void launcherRunsTheJavaOfTheEnvFileWithItsOptionsOnTheFastJar() throws Exception {
        Path java = fakeJava();
        Files.createDirectories(home.resolve("quarkus-app"));
        Files.writeString(home.resolve("quarkus-app/quarkus-run.jar"), "jar");

        Script run = Script.run(Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", java.toString(), "JAVA_OPTS",
                "-XX:+UseZGC -Xmx2g", "QUEUEMGR_CDS", ""), "queuemgr-server");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().strip())
                .isEqualTo("-XX:+UseZGC -Xmx2g -jar " + home.resolve("quarkus-app/quarkus-run.jar"));
    }

    @Test
    void launcherKeepsAClassDataArchiveInTheDataDirectoryForFasterStarts() throws Exception {
        Path java = fakeJava();
        Files.createDirectories(home.resolve("quarkus-app"));
        Files.writeString(home.resolve("quarkus-app/quarkus-run.jar"), "jar");
        Path data = Files.createDirectories(home.resolve("data"));

        Script run = Script.run(Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", java.toString(), "QUEUEMGR_DATA",
                data.toString()), "queuemgr-server");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path jar = home.resolve("quarkus-app/quarkus-run.jar");
        String archive = data.resolve("queuemgr-" + Files.getLastModifiedTime(jar).toMillis() / 1000 + ".jsa")
                .toString();
        assertThat(run.stdout().strip()).contains("-XX:+UseSerialGC", "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void anArchiveOfAnEarlierJarIsRemovedAndTheNewJarGetsItsOwn() throws Exception {
        Path java = fakeJava();
        Files.createDirectories(home.resolve("quarkus-app"));
        Path jar = Files.writeString(home.resolve("quarkus-app/quarkus-run.jar"), "jar");
        Path data = Files.createDirectories(home.resolve("data"));
        Path earlier = Files.writeString(data.resolve("queuemgr-1700000000.jsa"), "stale");

        Script run = Script.run(Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", java.toString(), "QUEUEMGR_DATA",
                data.toString()), "queuemgr-server");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(earlier).doesNotExist();
        assertThat(run.stdout()).contains("queuemgr-" + Files.getLastModifiedTime(jar).toMillis() / 1000 + ".jsa");
    }

    @Test
    void launcherRefusesAJavaThatIsNotThere() throws Exception {
        Files.createDirectories(home.resolve("quarkus-app"));
        Files.writeString(home.resolve("quarkus-app/quarkus-run.jar"), "jar");

        Script run = Script.run(Map.of("QUEUEMGR_HOME", home.toString(), "JAVA", home.resolve("no-java").toString()),
                "queuemgr-server");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("/etc/queuemgr/queuemgr.env");
    }

    /** A "java" that prints the arguments it was given. */
    private Path fakeJava() throws Exception {
        Path java = home.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }
}
